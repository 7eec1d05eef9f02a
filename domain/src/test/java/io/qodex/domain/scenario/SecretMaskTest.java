package io.qodex.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Secrets come back from servers in many forms; every form, in any case, is blanked, overlaps included. */
class SecretMaskTest {

    @Test
    void theFormsServersEchoAreAllMasked() {
        SecretMask mask = new SecretMask();
        mask.add("k3y<&>Alpha99");
        mask.add("abc/def+ghi/jkl==");
        mask.add("pässwörd-Ünïcode");
        mask.add("{\"v\":\"x\"}");
        mask.add("q7");
        String echoed = String.join(" | ", "k3y\\u003c\\u0026\\u003eAlpha99", "abc\\/def+ghi\\/jkl==",
                "p\\u00e4ssw\\u00f6rd-\\u00dcn\\u00efcode", "P\\u00E4SSW\\u00F6RD-\\u00DCN\\u00EFCODE", "abc/def ghi/jkl==",
                "abc%2Fdef%2Bghi%2Fjkl%3D%3D", "{\\\"v\\\":\\\"x\\\"}", "{\\\\\\\"v\\\\\\\":\\\\\\\"x\\\\\\\"}",
                "K3Y<&>ALPHA99", "q7");
        assertThat(mask.mask(echoed)).isEqualTo("**** | **** | **** | **** | **** | **** | **** | **** | **** | q7");
    }

    @Test
    void overlappingSecretsLeaveNothingOfEither() {
        SecretMask mask = new SecretMask();
        mask.add("OVERLAPaaaa1111");
        mask.add("aaaa1111TAILzzzz");
        assertThat(mask.mask("x-OVERLAPaaaa1111TAILzzzz-y")).isEqualTo("x-****-y");
        assertThat(mask.mask("nothing here")).isEqualTo("nothing here");
    }
}
