package io.qodex.app.environments;

import io.qodex.domain.environment.EnvironmentPreset;

/** Placeholder URLs that fit the kind of environment: a production one is not shown a staging address. */
final class UrlExamples {

    private UrlExamples() {
    }

    static String baseUrl(EnvironmentPreset preset) {
        return switch (preset) {
            case PRODUCTION -> "https://shop.example.com";
            case STAGING -> "https://staging.shop.example.com";
            case QA -> "https://qa.shop.example.com";
            case LOCAL -> "http://localhost:8080";
            case PREVIEW -> "https://pr-123.preview.shop.example.com";
            case CUSTOM -> "https://app.example.com";
        };
    }

    /** The API base URL's placeholder: optional, and on the same kind of host. */
    static String apiBaseUrl(EnvironmentPreset preset) {
        return "optional: " + switch (preset) {
            case PRODUCTION -> "https://api.shop.example.com";
            case STAGING -> "https://api.staging.shop.example.com";
            case QA -> "https://api.qa.shop.example.com";
            case LOCAL -> "http://localhost:8080/api";
            case PREVIEW -> "https://pr-123.preview.shop.example.com/api";
            case CUSTOM -> "https://api.example.com";
        };
    }
}
