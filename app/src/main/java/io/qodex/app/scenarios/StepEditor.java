package io.qodex.app.scenarios;

import io.qodex.app.common.FormField;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;

/**
 * The form of the selected step: name, method and URL, then tabs for the request (headers, body), the expectations
 * (status, max latency, JSONPath equals and exists, headers) and the captures. It follows the selection: every field
 * is bound to the step shown. Each problem is under its field, and a tab with a problem says so in its title.
 */
final class StepEditor extends VBox {

    private record Binding(TextInputControl input, Function<StepModel, StringProperty> property) {
    }

    private final ScenarioEditorModel model;
    private final List<Binding> bindings = new ArrayList<>();
    private final ComboBox<String> method = new ComboBox<>(FXCollections.observableArrayList(StepFields.METHODS));
    private final List<Runnable> tabTitles = new ArrayList<>();
    private @Nullable StepModel bound;

    StepEditor(ScenarioEditorModel model, boolean editable) {
        super(8);
        this.model = model;
        TextField name = field("step-name", StepModel::nameProperty, "e.g. List the items");
        method.setId("step-method");
        method.setDisable(!editable);
        method.setPrefWidth(108);
        method.setMinWidth(100);
        TextField url = field("step-url", StepModel::urlProperty, "${baseUrl}/items");
        url.getStyleClass().add("code");
        FormField nameField = formField("Step name", name, Fields.STEP_NAME, null);
        FormField methodField = formField("Method", method, Fields.METHOD, null);
        FormField urlField = formField("URL", url, Fields.URL, null);
        nameField.setPrefWidth(170);
        nameField.setMinWidth(110);
        methodField.setMinWidth(100);
        urlField.setMinWidth(140);
        HBox.setHgrow(urlField, Priority.ALWAYS);
        HBox request = new HBox(8, nameField, methodField, urlField);

        TextArea headers = area("step-headers", StepModel::headersProperty, "Accept: application/json\n"
                + "X-Tenant: ${TENANT}", 3);
        TextArea body = area("step-body", StepModel::bodyProperty, "Request body (optional)", 3);
        tip(headers, "One Name: value per line. With an auth profile, Authorization: Bearer is added.");
        tip(body, "Sent as it is; ${…} are resolved (JSON-escaped in a JSON body).");
        HBox requestTab = row(grow(formField("Headers (Name: value)", headers, Fields.HEADERS, null)),
                grow(formField("Body", body, Fields.BODY, null)));

        TextField status = field("step-status", StepModel::statusProperty, "200");
        status.setPrefColumnCount(5);
        TextField latency = field("step-latency", StepModel::maxLatencyMsProperty, "e.g. 800");
        latency.setPrefColumnCount(6);
        TextArea equals = area("step-json-equals", StepModel::jsonPathProperty, "$.items[0].name = \"a\"\n$.count = 2",
                3);
        tip(equals, "One path = JSON value per line: text in quotes, numbers, true, false, null, {…}, […].");
        TextArea exists = area("step-json-exists", StepModel::jsonPathExistsProperty, "$.items[0].id", 2);
        tip(exists, "One JSONPath per line.");
        TextArea expectHeaders = area("step-expect-headers", StepModel::expectHeadersProperty,
                "Content-Type: application/json", 2);
        tip(expectHeaders, "One Name: value per line; names without case, values exactly.");
        VBox numbers = new VBox(8, formField("Status", status, Fields.STATUS, null),
                formField("Max latency (ms)", latency, Fields.MAX_LATENCY, null));
        numbers.setMinWidth(Region.USE_PREF_SIZE);
        HBox expectTab = row(numbers, grow(formField("JSONPath equals", equals, Fields.JSON_PATH, null)),
                grow(new VBox(8, vgrow(formField("JSONPath exists", exists, Fields.JSON_PATH_EXISTS, null)),
                        vgrow(formField("Response headers", expectHeaders, Fields.EXPECT_HEADERS, null)))));

        TextArea captures = area("step-captures", StepModel::captureProperty, "itemId = $.items[0].id", 3);
        HBox captureTab = row(grow(formField("Captures (VARIABLE = $.path)", captures, Fields.CAPTURE,
                "Later steps use ${VARIABLE}.")));

        TabPane tabs = new TabPane(tab("Request", requestTab, "step-tab-request", Fields.HEADERS, Fields.BODY),
                tab("Expect", expectTab, "step-tab-expect", Fields.STATUS, Fields.MAX_LATENCY, Fields.JSON_PATH,
                        Fields.JSON_PATH_EXISTS, Fields.EXPECT_HEADERS),
                tab("Capture", captureTab, "step-tab-capture", Fields.CAPTURE));
        tabs.setId("step-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);

        getChildren().addAll(request, tabs);
        for (Binding binding : bindings) {
            binding.input().setEditable(editable);
        }
        model.selectedStepProperty().addListener((obs, old, now) -> bind(now));
        model.problems().addListener((javafx.collections.MapChangeListener<String, String>) change ->
                tabTitles.forEach(Runnable::run));
        model.selectedStepProperty().addListener((obs, old, now) -> tabTitles.forEach(Runnable::run));
        bind(model.selectedStepProperty().get());
        tabTitles.forEach(Runnable::run);
    }

    private void bind(@Nullable StepModel step) {
        if (bound != null) {
            for (Binding binding : bindings) {
                binding.input().textProperty().unbindBidirectional(binding.property().apply(bound));
            }
            method.valueProperty().unbindBidirectional(bound.methodProperty());
        }
        bound = step;
        setDisable(step == null);
        if (step == null) {
            bindings.forEach(b -> b.input().setText(""));
            return;
        }
        for (Binding binding : bindings) {
            binding.input().textProperty().bindBidirectional(binding.property().apply(step));
        }
        method.valueProperty().bindBidirectional(step.methodProperty());
    }

    private TextField field(String id, Function<StepModel, StringProperty> property, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        bindings.add(new Binding(field, property));
        return field;
    }

    private TextArea area(String id, Function<StepModel, StringProperty> property, String prompt, int rows) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setPromptText(prompt);
        area.setPrefRowCount(rows);
        area.setMinHeight(44);
        VBox.setVgrow(area, Priority.ALWAYS);
        area.getStyleClass().add("code");
        bindings.add(new Binding(area, property));
        return area;
    }

    private FormField formField(String label, Node input, String part, @Nullable String hint) {
        StringBinding problem = model.stepProblem(part);
        FormField field = hint == null ? new FormField(label, input, problem) : new FormField(label, input, problem, hint);
        if (input.getId() != null) {
            field.message().setId(input.getId() + "-problem");
        }
        return field;
    }

    private static HBox row(Node... parts) {
        HBox row = new HBox(12, parts);
        row.setPadding(new Insets(8, 12, 8, 2));
        return row;
    }

    private static <T extends javafx.scene.layout.Region> T grow(T part) {
        HBox.setHgrow(part, Priority.ALWAYS);
        part.setPrefWidth(200);
        part.setMinWidth(120);
        return part;
    }

    private static <T extends Node> T vgrow(T part) {
        VBox.setVgrow(part, Priority.ALWAYS);
        return part;
    }

    private static void tip(javafx.scene.control.Control input, String text) {
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip(text);
        tip.setWrapText(true);
        tip.setMaxWidth(360);
        input.setTooltip(tip);
    }

    private Tab tab(String title, HBox content, String id, String... parts) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        Tab tab = new Tab(title, scroll);
        tab.setId(id);
        Label mark = new Label("!");
        mark.getStyleClass().add("field-error");
        tabTitles.add(() -> {
            int index = model.selectedIndex();
            boolean problem = false;
            for (String part : parts) {
                problem |= index >= 0 && model.problems().containsKey(Fields.step(index) + part);
            }
            tab.setGraphic(problem ? mark : null);
        });
        return tab;
    }
}
