"""Cross-site scripting payloads for the XSS tests.

Each one, if it ever ran, would call alert() (a dialog the browser test listens for) or set
window.__xss. Every payload fits the shortest field it is saved in (100 characters).
"""

PAYLOADS = [
    # script tags, plain, mixed case, split and nested
    "<script>window.__xss=1</script>",
    "<SCRIPT>alert(2)</SCRIPT>",
    "<ScRiPt>window.__xss=3</sCrIpT>",
    "<script src=data:text/javascript,alert(4)></script>",
    "<script/x>alert(5)</script>",
    "<<script>alert(6);//<</script>",
    "<scr<script>ipt>alert(7)</scr</script>ipt>",
    "</script><script>alert(8)</script>",
    "</title><script>alert(9)</script>",
    "</textarea><script>alert(10)</script>",
    "</style><script>alert(11)</script>",
    "</noscript><script>alert(12)</script>",
    # event handlers
    "<img src=x onerror=alert(13)>",
    "<IMG SRC=x OnErRoR=alert(14)>",
    '<img src=x onerror="window.__xss=15">',
    "<svg onload=alert(16)>",
    "<svg/onload=alert(17)>",
    "<body onload=alert(18)>",
    "<input autofocus onfocus=alert(19)>",
    "<details open ontoggle=alert(20)>",
    "<video><source onerror=alert(21)></video>",
    "<audio src=x onerror=alert(22)>",
    "<marquee onstart=alert(23)>x</marquee>",
    "<select autofocus onfocus=alert(24)>",
    "<textarea autofocus onfocus=alert(25)>",
    "<div onpointerover=alert(26) id=x>hover</div>",
    "<img src=x:alert(27) onerror=eval(src)>",
    '<img """><script>alert(28)</script>">',
    # javascript:, vbscript: and data: URLs, plain and encoded
    '<a href="javascript:alert(29)">click</a>',
    '<a href="JaVaScRiPt:alert(30)">click</a>',
    '<a href="&#106;avascript:alert(31)">click</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;script:alert(32)">click</a>',
    '<a href="java&#x09;script:alert(33)">click</a>',
    '<a href=" &#14; javascript:alert(34)">click</a>',
    '<a href="javascript&colon;alert(35)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgzNik8L3NjcmlwdD4=">x</a>',
    '<a href="vbscript:msgbox(37)">click</a>',
    '<img src="javascript:alert(38)">',
    '<iframe src="javascript:alert(39)"></iframe>',
    '<iframe srcdoc="<script>parent.alert(40)</script>"></iframe>',
    '<object data="javascript:alert(41)"></object>',
    '<embed src="javascript:alert(42)">',
    '<form action="javascript:alert(43)"><button>go</button></form>',
    '<base href="javascript:alert(44)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(45)">',
    '<math><a xlink:href="javascript:alert(46)">x</a></math>',
    "<IMG SRC=`javascript:alert(47)`>",
    # SVG
    "<svg><script>alert(48)</script></svg>",
    "<svg><animate onbegin=alert(49) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(50)"><text y=20>x</text></a></svg>',
    '<svg><set attributeName="onload" to="alert(51)"/></svg>',
    "<svg><foreignObject><img src=x onerror=alert(52)></foreignObject></svg>",
    # already-escaped and URL-encoded forms (must stay text, never be decoded twice)
    "&lt;script&gt;alert(53)&lt;/script&gt;",
    "%3Cscript%3Ealert(54)%3C%2Fscript%3E",
    "\\u003cscript\\u003ealert(55)\\u003c/script\\u003e",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;56&#41;>",
    "&#60;img src=x onerror=alert(57)&#62;",
    # breaking out of attributes, comments and CDATA
    '" autofocus onfocus="alert(58)',
    "' autofocus onfocus='alert(59)",
    '"><img src=x onerror=alert(60)>',
    "'><svg onload=alert(61)>",
    "</a><img src=x onerror=alert(62)>",
    "--><img src=x onerror=alert(63)>",
    "]]><img src=x onerror=alert(64)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(65)>">',
    '<xmp><p title="</xmp><img src=x onerror=alert(66)>">',
    # style and CSS injection
    '<p style="background:url(javascript:alert(67))">x</p>',
    "<style>@import 'javascript:alert(68)';</style>",
    "<link rel=stylesheet href=data:,*%7bx:expression(alert(69))%7d>",
    # template syntax: must be shown as typed, never evaluated
    "{{ 7*7 }}<img src=x onerror=alert(70)>",
    "{% debug %}{{ request.user }}",
    "{{constructor.constructor('alert(72)')()}}",
    "${alert(73)}",
]

# Field lengths in the Article model and taggit's Tag.
assert all(len(p) <= 100 for p in PAYLOADS), [p for p in PAYLOADS if len(p) > 100]
assert len(set(PAYLOADS)) == len(PAYLOADS)
