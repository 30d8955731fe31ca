package org.exposuregraph.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.exposuregraph.graph.WriteRules.Link;
import org.exposuregraph.graph.WriteRules.Text;
import org.junit.jupiter.api.Test;

/** The write rules on their own: no Spring, no database. */
class WriteRulesTest {

    @Test
    void aRepeatedCategoryCountsOnceInItsFirstOrder() {
        assertThat(WriteRules.categories(Link.DATA_FLOW, List.of("health", "financial", "health")))
                .containsExactly("health", "financial");
        List<String> distinct = List.of("health", "financial");
        assertThat(WriteRules.categories(Link.DATA_FLOW, distinct)).isSameAs(distinct);
    }

    @Test
    void noCategoriesIsRefusedAndAllCategoriesIsForSubProcessingOnlyAndAlone() {
        assertThatThrownBy(() -> WriteRules.categories(Link.DATA_FLOW, List.of())).hasMessage(WriteRules.NO_FLOW_CATEGORIES);
        assertThatThrownBy(() -> WriteRules.categories(Link.DATA_FLOW, null)).hasMessage(WriteRules.NO_FLOW_CATEGORIES);
        assertThatThrownBy(() -> WriteRules.categories(Link.SUB_PROCESSING, List.of()))
                .hasMessage(WriteRules.NO_SUB_PROCESSING_CATEGORIES);
        assertThatThrownBy(() -> WriteRules.categories(Link.DATA_FLOW, List.of("*"))).hasMessage(WriteRules.ALL_CATEGORIES_ON_FLOW);
        assertThatThrownBy(() -> WriteRules.categories(Link.SUB_PROCESSING, List.of("*", "health")))
                .hasMessage(WriteRules.ALL_CATEGORIES_NOT_ALONE);
        assertThatThrownBy(() -> WriteRules.categories(Link.DATA_FLOW, Arrays.asList("health", " ")))
                .hasMessage(WriteRules.EMPTY_CATEGORY);
        // absent and [*] both mean every category the processor holds: stored as no property
        assertThat(WriteRules.categories(Link.SUB_PROCESSING, null)).isNull();
        assertThat(WriteRules.categories(Link.SUB_PROCESSING, List.of("*", "*"))).isNull();
    }

    @Test
    void textsAreBoundedWithTheLimitInTheReason() {
        assertThat(WriteRules.text(Text.NAME, "x".repeat(300))).isNull();
        assertThat(WriteRules.text(Text.NAME, "x".repeat(301))).isEqualTo("too long: 301 characters, at most 300 for names, titles and publishers");
        assertThat(WriteRules.text(Text.ALIAS, "x".repeat(201))).contains("at most 200");
        assertThat(WriteRules.text(Text.PURPOSE, "x".repeat(501))).contains("at most 500");
        assertThat(WriteRules.text(Text.URL, "x".repeat(2001))).contains("at most 2000");
        assertThat(WriteRules.text(Text.CODE, "x".repeat(101))).contains("at most 100");
        assertThat(WriteRules.text(Text.LONG, "x".repeat(4001))).contains("at most 4000");
        assertThat(WriteRules.text(Text.NAME, null)).isNull();
        assertThat(WriteRules.listSize(100)).isNull();
        assertThat(WriteRules.listSize(101)).isEqualTo("too many: 101, at most 100");
        assertThat(WriteRules.id("x".repeat(200))).isNull();
        assertThat(WriteRules.id("x".repeat(201))).endsWith(WriteRules.ID_MESSAGE).hasSizeLessThan(200);
    }

    @Test
    void controlCharactersAreRefusedExceptLineBreaksAndTabsInLongTexts() {
        assertThat(WriteRules.text(Text.NAME, "Acme\u0007 Ltd"))
                .isEqualTo("contains the control character U+0007 at character 5: one line of printable text is expected");
        assertThat(WriteRules.text(Text.NAME, "Acme\nLtd")).contains("U+000A");
        assertThat(WriteRules.text(Text.NAME, "Acme\u007F")).contains("U+007F");
        assertThat(WriteRules.text(Text.NAME, "Acme\u0085")).contains("U+0085");
        assertThat(WriteRules.text(Text.NAME, "Café Ünïcode — fine")).isNull();
        assertThat(WriteRules.text(Text.LONG, "line one\r\nline two\tend")).isNull();
        assertThat(WriteRules.text(Text.LONG, "nul\u0000")).contains("U+0000").contains("only line breaks and tabs");
    }

    @Test
    void onlyWebAddressesAreSourceUrls() {
        assertThat(WriteRules.text(Text.URL, "https://www.ncsc.gov.uk/news/x?y=1#z")).isNull();
        assertThat(WriteRules.text(Text.URL, "HTTP://example.org")).isNull();
        for (String url : List.of("javascript:alert(document.domain)", "JavaScript:alert(1)", " javascript:alert(1)",
                "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "vbscript:x", "//evil.example/",
                "https://", "http:///path", "https://user@evil.example", "example.org")) {
            assertThat(WriteRules.text(Text.URL, url)).as(url).isEqualTo(WriteRules.NOT_A_WEB_URL);
        }
    }

    @Test
    void selfLinksAndRepetitionsAreNamed() {
        assertThat(WriteRules.selfLink(Link.DATA_FLOW, "a", "a")).isEqualTo(WriteRules.SELF_FLOW);
        assertThat(WriteRules.selfLink(Link.SUB_PROCESSING, "a", "a")).isEqualTo(WriteRules.SELF_SUB_PROCESSING);
        assertThat(WriteRules.selfLink(Link.DATA_FLOW, "a", "b")).isNull();
        assertThat(WriteRules.repeated(Link.DATA_FLOW.between("a", "b"), "line 2", "line 9"))
                .isEqualTo("data flow a -> b repeated: first at line 2, again at line 9");
    }
}
