package io.qodex.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class JunitReportTest {

    @Test
    void failuresErrorsAndRefusalsAreCountedAndTheXmlIsWellFormed() throws Exception {
        Instant at = Instant.parse("2026-12-04T10:00:00Z");
        StepResult passed = new StepResult(0, "ok", StepOutcome.PASSED, "GET /a", Optional.of(200), Optional.of(12L),
                List.of(), "", "", Optional.empty());
        StepResult failed = new StepResult(1, "count <\"odd\"> & \u0001", StepOutcome.FAILED, "GET /b",
                Optional.of(200), Optional.of(5L), List.of(new Check("$.count", "2", "1", false)), "GET /b", "HTTP 200",
                Optional.empty());
        StepResult refused = new StepResult(2, "post", StepOutcome.REFUSED, "POST /c", Optional.empty(),
                Optional.empty(), List.of(), "", "", Optional.of("Not sent: RO is read-only"));
        StepResult error = new StepResult(3, "down", StepOutcome.ERROR, "GET /d", Optional.empty(), Optional.empty(),
                List.of(), "", "", Optional.of("Nothing answers"));
        ScenarioResult one = new ScenarioResult("one", Optional.of(1L), "QA", RunStatus.FAILED,
                List.of(passed, failed, refused, error), Optional.empty(), at, at.plusMillis(40));
        ScenarioResult two = new ScenarioResult("two", Optional.of(2L), "QA", RunStatus.REFUSED, List.of(),
                Optional.of("Refused: two is marked destructive"), at, at);
        String xml = JunitReport.write(new Batch(UUID.randomUUID(), "QA", List.of(one, two), List.of()));
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getAttribute("tests")).isEqualTo("5");
        assertThat(document.getDocumentElement().getAttribute("failures")).isEqualTo("3");
        assertThat(document.getDocumentElement().getAttribute("errors")).isEqualTo("1");
        assertThat(document.getElementsByTagName("testcase").item(1).getAttributes().getNamedItem("name")
                .getNodeValue()).isEqualTo("count <\"odd\"> & ?");
        assertThat(xml).contains("message=\"$.count: expected 2, got 1\"");
    }
}
