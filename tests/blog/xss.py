"""An XSS corpus and a checker that reads a page the way a browser would (entities decoded) and
fails on anything that could run: scripting elements, event handlers, styles, and URLs with a
scheme that executes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Through Markdown (post bodies) and plain text (comments) alike.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="https://ok.example/a.png" onerror="alert(1)">',
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<img src=`javascript:alert(1)`>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab entity</a>',
    '<a href="jav\tascript:alert(1)">raw tab</a>',
    '<a href="java\nscript:alert(1)">newline</a>',
    '<a href=" &#14;  javascript:alert(1)">control char</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">decimal entities</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">hex and named entities</a>',
    '<a href="  javascript:alert(1)">leading spaces</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data url</a>',
    '<a href="vbscript:msgbox(1)">vbscript</a>',
    '<a href="https://ok.example" onclick="alert(1)">handler on a good link</a>',
    "[markdown link](javascript:alert(1))",
    "[markdown entity link](&#106;avascript:alert(1))",
    "[markdown data link](data:text/html,<script>alert(1)</script>)",
    "![markdown image](javascript:alert(1))",
    '[ref link][x]\n\n[x]: javascript:alert(1) "title"',
    "<javascript:alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">svg link</text></a></svg>',
    '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<style>*{background:url(javascript:alert(1))}</style>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img """><script>alert(1)</script>">',
    "<!--<script>alert(1)</script>-->",
    "<!--><script>alert(1)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "</p></div></article></main><script>alert(1)</script>",
    "<p>unclosed <b>bold <i>italic <a href='javascript:alert(1)'>",
    "<x onmouseover=alert(1)>custom element</x>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\<script\\>alert(1)\\</script\\>",
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    '<a href="https://ok.example/" target="_blank" rel="opener">tabnabbing</a>',
    '<img src="https://ok.example/a.png" srcset="javascript:alert(1) 1x">',
    '<video poster="javascript:alert(1)"><source src="javascript:alert(1)"></video>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
]

# Only meaningful as plain text, where the comment renderer turns addresses into links.
COMMENT_PAYLOADS = [
    'http://example.com/"onmouseover="alert(1)',
    "https://example.com/<script>alert(1)</script>",
    "www.example.com/?q=<img src=x onerror=alert(1)>",
    "http://example.com/?a=1&b=<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "mailto:x@example.com?subject=<script>alert(1)</script>",
    'x@example.com"onclick=alert(1)"',
]

FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "style",
    "base", "template", "noscript", "xmp", "plaintext", "video", "audio", "source", "animate",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "background", "poster", "data", "lowsrc",
    "dynsrc", "srcset", "content", "values", "to", "from",
}  # fmt: skip
# How a browser reads a URL (WHATWG URL standard): C0 controls and spaces around it are
# stripped, and tabs and newlines anywhere in it are removed.
_EDGES = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_EXECUTING_SCHEMES = ("javascript:", "data:", "vbscript:", "livescript:")


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_body = False
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
            return
        if not self.in_body:
            return
        if tag in FORBIDDEN_TAGS or tag in {"meta", "link"}:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name in {"style", "srcdoc"}:
                self.problems.append(f"{name}= on <{tag}>")
            if name == "rel" and value and "opener" in value.split():
                self.problems.append(f"rel=opener on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                for part in value.split(","):
                    url = _TAB_OR_NEWLINE.sub("", part.strip(_EDGES)).lower()
                    if url.startswith(_EXECUTING_SCHEMES) or "url=javascript:" in url:
                        self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def executable_parts(html: str) -> list[str]:
    """What in this page could run script; empty when it is safe. A fragment counts as body."""
    checker = _Checker()
    checker.in_body = "<body" not in html
    checker.feed(html)
    checker.close()
    return checker.problems
