package io.qodex.domain.login;

import java.util.Arrays;

/** A PNG screenshot of a page (the final page of a replay, or the page at the moment a step failed). */
public record Screenshot(byte[] png) {

    public Screenshot {
        png = png.clone();
    }

    @Override
    public byte[] png() {
        return png.clone();
    }

    public int size() {
        return png.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Screenshot that && Arrays.equals(png, that.png);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(png);
    }

    @Override
    public String toString() {
        return "Screenshot[" + png.length + " bytes]";
    }
}
