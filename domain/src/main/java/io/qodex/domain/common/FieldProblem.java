package io.qodex.domain.common;

/**
 * One thing wrong with a draft or an import, with the field it concerns as a path the editor and the import file
 * share, e.g. {@code baseUrl}, {@code variables[2].name}, {@code authProfiles[0].apiLogin.tokenPath}.
 */
public record FieldProblem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
