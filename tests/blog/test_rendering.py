from blog.comments import render_comment
from blog.rendering import render_markdown, summarise


def test_it_renders_markdown_to_html():
    html = render_markdown("# Tips\n\nSome **bold** and *italic*.\n\n- one\n- two\n\n> quoted")
    assert "<h1>Tips</h1>" in html
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html


def test_it_marks_links_nofollow_ugc():
    html = render_markdown("[WeNurses](https://www.wecommunities.org/)")
    assert '<a href="https://www.wecommunities.org/" rel="nofollow ugc">WeNurses</a>' in html


def test_it_keeps_code_blocks_and_tables_without_styles():
    html = render_markdown("```\nprint(1)\n```\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert "<pre><code>print(1)\n</code></pre>" in html
    assert '<td align="right">2</td>' in html
    assert "style" not in html


def test_it_keeps_images_from_web_addresses_only():
    assert '<img alt="A chart" src="https://example.org/a.png">' in render_markdown(
        "![A chart](https://example.org/a.png)"
    )
    assert "src" not in render_markdown("![x](data:image/png;base64,AAAA)")


def test_it_summarises_as_plain_text():
    html = render_markdown("# Title\n\nA <b>bold</b> start. " + "word " * 100)
    summary = summarise(html)
    assert summary.startswith("Title A bold start. word")
    assert summary.endswith("…")
    assert "<" not in summary


def test_it_keeps_comment_line_breaks_and_makes_links_clickable():
    html = render_comment("Thanks!\nSee https://example.org/guide\n\nNew paragraph")
    assert html == (
        '<p>Thanks!<br>See <a href="https://example.org/guide" rel="nofollow ugc">https://example.org/guide</a></p>'
        "\n\n<p>New paragraph</p>"
    )


def test_it_escapes_everything_else_in_comments():
    html = render_comment("<b>bold</b> & <i>more</i> **not markdown**")
    assert html == "<p>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;more&lt;/i&gt; **not markdown**</p>"


def test_it_leaves_tables_and_code_out_of_the_summary():
    html = render_markdown("Intro.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode()\n```\n\nOutro.")
    assert summarise(html) == "Intro. Outro."


def test_it_summarises_as_text_a_template_can_escape_once():
    assert summarise(render_markdown("Fish & chips <3, 5 > 4")) == "Fish & chips <3, 5 > 4"
