"""How surnames are read, for checking 姓名拼音.

A surname is often read differently from the same character in ordinary words: 单 is Shan (not dan), 曾 Zeng
(not ceng), 解 Xie, 仇 Qiu, 区 Ou, 朴 Piao, 查 Zha, 盖 Ge, 翟 Zhai. A character dictionary such as pypinyin's
lists the common reading first and often a reading a surname never has (王 also "yu", 陆 also "liu"), so
:data:`SURNAME_READINGS` gives the reading(s) a surname is actually written with, the first one being the
standard reading (the one a suggestion uses). Readings are toneless lower-case Hanyu Pinyin with ü written
``ü`` (闾丘 ``lüqiu``).

Compound surnames (复姓) are written as one word (欧阳修 → Ouyang Xiu). A name is split on a compound surname when
it starts with one and has at least three characters. Some compound surnames begin with a common single surname
followed by a common given-name character (贺兰芳 is far more likely 贺 + 兰芳 than 贺兰 + 芳); for those,
listed in :data:`AMBIGUOUS_COMPOUND_SURNAMES`, both splits are legitimate and the single-surname split is the
standard one.

Two sources make the table. xcert's own list (:data:`_SINGLE`, :data:`_COMPOUND`) is *closed*: a surname in it is
read only as it says (单 is never "Dan"). A peer's published table (overtrue/pinyin's ``surnames``, MIT, copied
whole into ``surname_data/``) adds surnames xcert's list lacks — 贠 Yùn, 浣 Wǎn, 不 Fǒu, 六 Lù …; those are *open*
(:data:`OPEN_SURNAMES`): their table reading is the standard one, and any dictionary reading of the character is
accepted too, because the peer's table says how a surname is read, not that it is never read otherwise. Where
both list a surname, every reading either gives is accepted, xcert's first. A test reads the peer's file row by
row and holds xcert to accepting each of its readings.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from importlib.resources import files
from types import MappingProxyType

_SINGLE: dict[str, tuple[str, ...]] = {
    # Surnames read differently from the character's ordinary first reading.
    "单": ("shan",), "曾": ("zeng",), "解": ("xie",), "仇": ("qiu",), "区": ("ou",), "朴": ("piao",),
    "查": ("zha",), "盖": ("ge", "gai"), "翟": ("zhai",), "乐": ("yue", "le"), "种": ("chong",),
    "缪": ("miao",), "覃": ("qin", "tan"), "秘": ("bi",), "朝": ("chao",), "员": ("yun", "yuan"),
    "句": ("gou",), "召": ("shao",), "繁": ("po",), "燕": ("yan",), "冼": ("xian",), "阚": ("kan",),
    "隗": ("wei", "kui"), "郇": ("xun", "huan"), "折": ("she",), "谌": ("chen",), "洗": ("xian",),
    "卜": ("bu",), "薄": ("bo",), "适": ("kuo",), "长": ("chang",), "重": ("chong",), "藏": ("zang",),
    "祭": ("zhai",), "厍": ("she",), "蕃": ("pi",), "能": ("nai",), "相": ("xiang",), "黑": ("he",),
    "逄": ("pang",), "贲": ("ben",), "蔚": ("yu", "wei"), "莘": ("shen", "xin"), "宓": ("mi", "fu"),
    "粘": ("nian",), "佴": ("nai",), "阙": ("que",), "曲": ("qu",), "角": ("jue",), "乜": ("nie",),
    "啜": ("chuai",), "沓": ("ta",), "眭": ("sui",), "么": ("yao",), "禚": ("zhuo",), "隽": ("juan",),
    "尉": ("wei", "yu"), "车": ("che",), "柏": ("bai", "bo"), "牟": ("mou", "mu"), "褚": ("chu",),
    "祝": ("zhu",), "应": ("ying",), "行": ("xing", "hang"), "暴": ("bao",), "奇": ("ji",),
    "殳": ("shu",), "那": ("na",), "宿": ("su",), "都": ("du",), "湛": ("zhan",), "揭": ("jie",),
    "呼": ("hu",), "居": ("ju",), "但": ("dan",), "幸": ("xing",), "信": ("xin",), "由": ("you",),
    # Common surnames whose character has readings a surname never takes (王 "yu", 陆 "liu", 石 "dan" …).
    "任": ("ren",), "华": ("hua",), "纪": ("ji",), "费": ("fei",), "石": ("shi",), "过": ("guo",),
    "王": ("wang",), "吴": ("wu",), "朱": ("zhu",), "许": ("xu",), "冯": ("feng",), "邓": ("deng",),
    "彭": ("peng",), "董": ("dong",), "潘": ("pan",), "于": ("yu",), "蔡": ("cai",), "余": ("yu",),
    "杜": ("du",), "叶": ("ye",), "丁": ("ding",), "沈": ("shen",), "姚": ("yao",), "陆": ("lu",),
    "汪": ("wang",), "贾": ("jia",), "夏": ("xia",), "方": ("fang",), "白": ("bai",), "尹": ("yin",),
    "陶": ("tao",), "郝": ("hao",), "万": ("wan",), "莫": ("mo",), "汤": ("tang",), "温": ("wen",),
    "施": ("shi",), "邢": ("xing",), "齐": ("qi",), "倪": ("ni",), "庄": ("zhuang",), "殷": ("yin",),
    "詹": ("zhan",), "焦": ("jiao",), "俞": ("yu",), "甘": ("gan",), "包": ("bao",), "宁": ("ning",),
    "尚": ("shang",), "舒": ("shu",), "阮": ("ruan",), "童": ("tong",), "裴": ("pei",), "霍": ("huo",),
    "涂": ("tu",), "谷": ("gu",), "盛": ("sheng",), "冉": ("ran",), "蓝": ("lan",), "路": ("lu",),
    "游": ("you",), "柴": ("chai",), "祁": ("qi",), "蒲": ("pu",), "房": ("fang",), "屈": ("qu",),
    "艾": ("ai",), "司": ("si",), "古": ("gu",), "芦": ("lu",), "戚": ("qi",), "景": ("jing",),
    "冷": ("leng",), "瞿": ("qu",), "臧": ("zang",), "卞": ("bian",), "姬": ("ji",), "和": ("he",),
    "隋": ("sui",), "沙": ("sha",), "甄": ("zhen",), "明": ("ming",), "池": ("chi",), "苑": ("yuan",),
    "封": ("feng",), "匡": ("kuang",), "鞠": ("ju",), "南": ("nan",), "栗": ("li",), "位": ("wei",),
    "强": ("qiang",), "祖": ("zu",), "漆": ("qi",), "支": ("zhi",), "狄": ("di",), "平": ("ping",),
    "容": ("rong",), "晁": ("chao",), "芮": ("rui",), "鹿": ("lu",), "阿": ("a",), "母": ("mu",),
    "赫": ("he",), "杭": ("hang",), "印": ("yin",), "逯": ("lu",), "亢": ("kang",), "嵇": ("ji",),
    "哈": ("ha",), "戎": ("rong",), "於": ("yu",), "干": ("gan",), "斯": ("si",), "檀": ("tan",),
}

_COMPOUND: dict[str, tuple[str, ...]] = {
    "欧阳": ("ouyang",), "司马": ("sima",), "诸葛": ("zhuge",), "上官": ("shangguan",), "尉迟": ("yuchi",),
    "万俟": ("moqi",), "东方": ("dongfang",), "皇甫": ("huangfu",), "令狐": ("linghu",),
    "公孙": ("gongsun",), "慕容": ("murong",), "长孙": ("zhangsun",), "宇文": ("yuwen",), "司徒": ("situ",),
    "夏侯": ("xiahou",), "轩辕": ("xuanyuan",), "端木": ("duanmu",), "独孤": ("dugu",), "南宫": ("nangong",),
    "西门": ("ximen",), "百里": ("baili",), "呼延": ("huyan",), "闻人": ("wenren",), "申屠": ("shentu",),
    "澹台": ("tantai",), "公冶": ("gongye",), "太史": ("taishi",), "单于": ("chanyu",), "司空": ("sikong",),
    "钟离": ("zhongli",), "赫连": ("helian",), "濮阳": ("puyang",), "淳于": ("chunyu",), "仲孙": ("zhongsun",),
    "东郭": ("dongguo",), "拓跋": ("tuoba",), "完颜": ("wanyan",), "耶律": ("yelü",), "纳兰": ("nalan",),
    "第五": ("diwu",), "巫马": ("wuma",), "公西": ("gongxi",), "漆雕": ("qidiao",), "乐正": ("yuezheng",),
    "壤驷": ("rangsi",), "公良": ("gongliang",), "宰父": ("zaifu",), "谷梁": ("guliang",), "段干": ("duangan",),
    "左丘": ("zuoqiu",), "东门": ("dongmen",), "梁丘": ("liangqiu",), "羊舌": ("yangshe",),
    "微生": ("weisheng",), "公羊": ("gongyang",), "闾丘": ("lüqiu",), "子车": ("ziju",), "亓官": ("qiguan",),
    "司寇": ("sikou",), "颛孙": ("zhuansun",), "鲜于": ("xianyu",), "贺兰": ("helan",), "宗政": ("zongzheng",),
    "太叔": ("taishu",), "相里": ("xiangli",), "仉督": ("zhangdu",), "夹谷": ("jiagu",), "南门": ("nanmen",),
    "归海": ("guihai",), "哥舒": ("geshu",), "达奚": ("daxi",),
}

PEER_TABLE = "surname_data/overtrue-pinyin-surnames.tsv"
"""The peer's surname table, relative to this package: ``surname<TAB>syllables with tone marks``, ``#`` comments."""


def toneless(reading: str) -> str:
    """A reading without tone marks, lower case, ü kept: ``"lǘ qiū"`` → ``"lüqiu"``."""
    decomposed = unicodedata.normalize("NFD", reading.lower()).replace("u\u0308", "\u00fc")
    kept = "".join(char for char in decomposed if char == "\u00fc" or not unicodedata.combining(char))
    return unicodedata.normalize("NFC", kept).replace(" ", "")


def read_peer_table() -> dict[str, tuple[str, ...]]:
    """The peer's table as published (surname → its readings, tone marks kept), in the file's order."""
    return parse_peer_table(files(__package__ or "xcert_core.roster").joinpath(PEER_TABLE).read_text(encoding="utf-8"))


def parse_peer_table(text: str) -> dict[str, tuple[str, ...]]:
    """Lines ``surname<TAB>reading`` (``#`` comments and blank lines skipped) as surname → readings.

    Raises ``ValueError`` naming the line when a line is not ``surname<TAB>reading``: a broken data file is a
    packaging defect, never something to skip."""
    table: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        surname, tab, reading = line.partition("\t")
        if not tab or not surname or not reading.strip() or not 1 <= len(surname) <= 2:
            raise ValueError(f"{PEER_TABLE}, line {number}: expected surname<TAB>reading, got {line!r}")
        table[surname] = (*table.get(surname, ()), reading.strip())
    return table


def _merged() -> dict[str, tuple[str, ...]]:
    merged = {**_SINGLE, **_COMPOUND}
    for surname, readings in read_peer_table().items():
        merged[surname] = tuple(dict.fromkeys((*merged.get(surname, ()), *map(toneless, readings))))
    return merged


SURNAME_READINGS: Mapping[str, tuple[str, ...]] = MappingProxyType(_merged())
"""Surname (one or two characters) → its readings as a surname, the standard one first."""

OPEN_SURNAMES: frozenset[str] = frozenset(SURNAME_READINGS) - frozenset(_SINGLE) - frozenset(_COMPOUND)
"""Surnames known only from the peer's table: their table reading is standard, the character's other dictionary
readings are accepted too."""

COMPOUND_SURNAMES: frozenset[str] = frozenset(surname for surname in SURNAME_READINGS if len(surname) == 2)
"""The two-character surnames (复姓) xcert knows."""

AMBIGUOUS_COMPOUND_SURNAMES: frozenset[str] = frozenset({
    "贺兰", "宗政", "钟离", "梁丘", "乐正", "段干", "左丘", "谷梁", "归海", "公良", "赫连", "鲜于", "单于",
    "相里", "纳兰",
})
"""Compound surnames whose first character is itself a common surname and whose second is a common given-name
character: a name starting with one may as well be a single surname and a given name."""


def surname_splits(name: str) -> tuple[tuple[str, str], ...]:
    """The legitimate ``(surname, given name)`` splits of a Chinese name (no spaces, no '·'), standard first.

    >>> surname_splits("欧阳修")
    (('欧阳', '修'),)
    >>> surname_splits("贺兰芳")
    (('贺', '兰芳'), ('贺兰', '芳'))
    >>> surname_splits("欧阳")
    (('欧', '阳'),)
    """
    head = name[:2]
    if len(name) >= 3 and head in COMPOUND_SURNAMES:
        if head in AMBIGUOUS_COMPOUND_SURNAMES:
            return (name[:1], name[1:]), (head, name[2:])
        return ((head, name[2:]),)
    return ((name[:1], name[1:]),)
