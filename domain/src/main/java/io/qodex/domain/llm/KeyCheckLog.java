package io.qodex.domain.llm;

import io.qodex.domain.project.Project;
import java.time.Duration;

/** Hears every check of a project's key with its provider, to log it as a usage row (source byok-validate). */
@FunctionalInterface
public interface KeyCheckLog {

    KeyCheckLog NONE = (project, provider, check, took) -> { };

    void checked(Project project, LlmProvider provider, KeyCheck check, Duration took);
}
