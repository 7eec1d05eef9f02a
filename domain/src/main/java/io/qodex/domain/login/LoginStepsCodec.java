package io.qodex.domain.login;

import java.util.List;

/** The steps' JSON format (the contract of {@code qodex login steps}); implemented outside the domain. */
public interface LoginStepsCodec {

    String write(LoginScript script);

    /** The rows as written, unvalidated (every problem is then listed by {@link LoginScript#problemsIn}). */
    List<LoginStepDraft> readDrafts(String json);
}
