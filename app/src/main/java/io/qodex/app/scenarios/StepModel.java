package io.qodex.app.scenarios;

import javafx.beans.Observable;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One step in the editor: a property per field, read and written as {@link StepFields}. */
public final class StepModel {

    final StringProperty name = new SimpleStringProperty("");
    final StringProperty method = new SimpleStringProperty("GET");
    final StringProperty url = new SimpleStringProperty("");
    final StringProperty headers = new SimpleStringProperty("");
    final StringProperty body = new SimpleStringProperty("");
    final StringProperty status = new SimpleStringProperty("");
    final StringProperty jsonPath = new SimpleStringProperty("");
    final StringProperty jsonPathExists = new SimpleStringProperty("");
    final StringProperty expectHeaders = new SimpleStringProperty("");
    final StringProperty maxLatencyMs = new SimpleStringProperty("");
    final StringProperty capture = new SimpleStringProperty("");

    StepModel(StepFields fields) {
        fill(fields);
    }

    void fill(StepFields fields) {
        name.set(fields.name());
        method.set(fields.method());
        url.set(fields.url());
        headers.set(fields.headers());
        body.set(fields.body());
        status.set(fields.status());
        jsonPath.set(fields.jsonPath());
        jsonPathExists.set(fields.jsonPathExists());
        expectHeaders.set(fields.expectHeaders());
        maxLatencyMs.set(fields.maxLatencyMs());
        capture.set(fields.capture());
    }

    StepFields fields() {
        return new StepFields(name.get(), method.get() == null ? "GET" : method.get(), url.get(), headers.get(),
                body.get(), status.get(), jsonPath.get(), jsonPathExists.get(), expectHeaders.get(),
                maxLatencyMs.get(), capture.get());
    }

    Observable[] observables() {
        return new Observable[] {name, method, url, headers, body, status, jsonPath, jsonPathExists, expectHeaders,
                maxLatencyMs, capture};
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty methodProperty() {
        return method;
    }

    public StringProperty urlProperty() {
        return url;
    }

    public StringProperty headersProperty() {
        return headers;
    }

    public StringProperty bodyProperty() {
        return body;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty jsonPathProperty() {
        return jsonPath;
    }

    public StringProperty jsonPathExistsProperty() {
        return jsonPathExists;
    }

    public StringProperty expectHeadersProperty() {
        return expectHeaders;
    }

    public StringProperty maxLatencyMsProperty() {
        return maxLatencyMs;
    }

    public StringProperty captureProperty() {
        return capture;
    }
}
