package io.hopsniff.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Table cells and code spans survive pipes, backticks and the redaction placeholder (which looks like HTML). */
class MarkdownEscapeTest {

    @Test
    void cellsEscapePipesBackticksAndAngleBrackets() {
        assertThat(MarkdownRenderer.cell("a|b`c<redacted:3 bytes>")).isEqualTo("a\\|b\\`c&lt;redacted:3 bytes&gt;");
        assertThat(MarkdownRenderer.cell("line\nbreak")).isEqualTo("line break");
    }

    @Test
    void codeSpansUseALongerFenceAndEscapePipes() {
        assertThat(MarkdownRenderer.code("/x?a=`b`|c")).isEqualTo("``/x?a=`b`\\|c``");
        assertThat(MarkdownRenderer.code("`start")).isEqualTo("`` `start ``");
    }

    /** A backend's reason phrase or body quoted in prose cannot become an image, a link, a heading or emphasis. */
    @Test
    void wireTextCannotInjectMarkdown() {
        String hostile = "### Pwned ![i](http://attacker.example/t.png) [click](http://x) *b* _i_ ~~s~~ <img src=x>";
        String shown = MarkdownRenderer.inline(hostile);
        assertThat(shown).doesNotContain("![").doesNotContain("](").doesNotContain("<img").startsWith("\\#\\#\\#");
        assertThat(shown).contains("\\!\\[i\\]\\(http://attacker.example/t.png\\)").contains("\\*b\\*");
        assertThat(MarkdownRenderer.cell(hostile)).doesNotContain("![").doesNotContain("](");
    }
}
