"""The photo checks' issue types: the zip itself and its entries (``photo-zip``), each photo (``photo``) and photos
against the candidates (``photo-roster``).

Every type is built by the one constructor, :func:`xcert_core.issues.issue_type`; the modules that report
them import them from here. Codes are a public contract (JSON consumers, ``[rules]`` settings): never
rename one."""

from __future__ import annotations

from xcert_core.issues import IssueType, PersonalData, issue_type
from xcert_core.labels import Severity

F_PHOTO_ZIP = "photo-zip"
F_PHOTO = "photo"
F_PHOTO_ROSTER = "photo-roster"

# The zip, each photo, and photos against the candidates

UNSAFE_NAME = issue_type(
    F_PHOTO_ZIP, "photo-zip-unsafe-name", title="压缩包中的路径不安全", title_en="Unsafe path in the zip",
    message="文件名{reason}，这样的压缩包可能是恶意构造的，xcert 没有读取这个文件。",
    message_en="The entry name {reason_en}; xcert did not read the entry.",
    suggestion="请把照片放进一个新文件夹，全选照片后用系统自带的“压缩”功能重新打包。",
    description="An entry name with `..`, an absolute path, a drive letter, a backslash or a control character: "
                "extracting it could write outside the target folder. Reported, never read or extracted.",
)
ENCRYPTED_ENTRY = issue_type(
    F_PHOTO_ZIP, "photo-zip-encrypted-entry", title="压缩包中的文件加了密码", title_en="Encrypted entry",
    message="这个文件加了密码，xcert 无法检查，平台也无法读取。",
    message_en="The entry is encrypted; neither xcert nor the platform can read it.",
    suggestion="请不要给压缩包设置密码，重新打包。",
    description="The entry's encryption flag is set. Not read.",
)
ZIP_BOMB = issue_type(
    F_PHOTO_ZIP, "photo-zip-bomb", title="解压后大小异常（压缩炸弹）", title_en="Zip bomb",
    message="这个文件解压后的大小异常（{detail}），可能是恶意构造的“压缩炸弹”，xcert 没有读取它。",
    message_en="The entry inflates abnormally ({detail_en}); it may be a zip bomb and was not read.",
    suggestion="请把照片放进一个新文件夹，全选照片后用系统自带的“压缩”功能重新打包。",
    description="An entry whose declared or actual compression ratio is over the limit (100:1 above 1 MiB), or which "
                "inflates to more than it declares. Reading stops at the limit; nothing is extracted.",
)
ENTRY_TOO_LARGE = issue_type(
    F_PHOTO_ZIP, "photo-zip-entry-too-large", title="压缩包中的文件过大", title_en="Entry too large to read",
    message="这个文件解压后有 {size}，超过 xcert 读取单个文件的上限（{limit}），没有读取。",
    message_en="The entry inflates to {size_en}, over xcert's per-entry limit of {limit_en}; not read.",
    suggestion="照片应在 5 MB 以内，请检查是否放错了文件。",
    description="An entry larger (inflated) than the per-entry read limit (64 MiB by default). Not read.",
)
NESTED_ARCHIVE = issue_type(
    F_PHOTO_ZIP, "photo-zip-nested", title="压缩包里套压缩包", title_en="Archive inside the zip",
    message="这是一个{format}，压缩包里不能再套压缩包，平台不会打开它。",
    message_en="The entry is an archive ({format_en}); the platform does not open archives inside the zip.",
    suggestion="请先解压它，把里面的照片直接放进要上传的压缩包。",
    description="A zip, rar, 7z or gzip file (by name or content) inside the photo zip. Not opened.",
)
DUPLICATE_NAME = issue_type(
    F_PHOTO_ZIP, "photo-zip-duplicate-name",
    title="同名文件内容不同", title_en="Duplicate entry names with different content",
    message="压缩包中有 {count} 个同名的文件，内容各不相同，无法确定哪一个是正确的照片。",
    message_en="The zip holds {count} entries of this name with different content.",
    suggestion="请只保留正确的一个，重新打包。",
    description="The same entry name more than once with different content: none of them is checked or used.",
)
DUPLICATE_COPY = issue_type(
    F_PHOTO_ZIP, "photo-zip-duplicate-copy", title="同名文件重复", title_en="Duplicate entry names, same content",
    severity=Severity.WARNING,
    message="压缩包中有 {count} 个同名的文件，内容相同，只检查了第一个。",
    message_en="The zip holds {count} identical entries of this name; only the first is checked.",
    suggestion="请删除重复的文件；xcert photos fix 只保留一个。",
    description="The same entry name more than once with identical content (size and CRC). Fixable: `fix` keeps one.",
)
IGNORED_ENTRY = issue_type(
    F_PHOTO_ZIP, "photo-zip-ignored", title="已忽略系统生成的文件", title_en="System file ignored",
    severity=Severity.WARNING,
    message="这是{what}，不是照片，已忽略。",
    message_en="This is {what_en}, not a photo; ignored.",
    suggestion="可以不管；xcert photos fix 生成的压缩包中不含这类文件。",
    description="`__MACOSX/` folders and `._*` files (macOS), `.DS_Store`, `Thumbs.db`, `desktop.ini`. Fixable: `fix` "
                "leaves them out.",
)
NOT_A_PHOTO = issue_type(
    F_PHOTO_ZIP, "photo-zip-not-photo", title="不是照片的文件", title_en="Not a photo",
    message="这个文件不是照片（{format}），平台只接受 jpg、png 照片。",
    message_en="The entry is not a photo ({format_en}); the platform takes only jpg and png photos.",
    suggestion="请从压缩包中删除它；xcert photos fix 会把它去掉。",
    description="An entry that is neither named nor made as a picture (a document, a text file …). Fixable: `fix` "
                "leaves it out.",
)
IN_FOLDER = issue_type(
    F_PHOTO_ZIP, "photo-zip-in-folder", title="照片在文件夹中", title_en="Photo inside a folder",
    severity=Severity.WARNING,
    message="照片放在压缩包内的文件夹“{folder}”中，平台要求照片直接放在压缩包里，可能找不到它。",
    message_en="The photo is inside the folder '{folder}'; the platform expects photos at the top of the zip.",
    suggestion="请选中照片本身（而不是文件夹）再压缩；xcert photos fix 会把照片放到最外层。",
    description="A photo inside a folder of the zip rather than at its top level. Fixable: `fix` writes every photo "
                "at the top level.",
)
ENTRY_DAMAGED = issue_type(
    F_PHOTO_ZIP, "photo-zip-entry-damaged", title="压缩包中的文件已损坏", title_en="Damaged zip entry",
    message="这个文件在压缩包中已损坏（{detail}），无法读取。",
    message_en="The entry is damaged ({detail_en}) and cannot be read.",
    suggestion="请把照片放进一个新文件夹，全选照片后用系统自带的“压缩”功能重新打包。",
    description="An entry that fails its CRC, ends early, cannot be inflated, uses a compression method other than "
                "stored or deflate, or whose local header disagrees with the zip's directory.",
)
NO_PHOTOS = issue_type(
    F_PHOTO_ZIP, "photo-zip-no-photos", title="压缩包中没有照片", title_en="No photos in the zip",
    message="压缩包中没有任何照片。",
    message_en="The zip holds no photos.",
    suggestion="请把以证件号码命名的照片（如“证件号码.jpg”）放进压缩包。",
    description="No entry of the zip is a picture.",
)
ZIP_NAME = issue_type(
    F_PHOTO_ZIP, "photo-zip-name", title="压缩包不是 .zip 文件名", title_en="The zip is not named .zip",
    message="压缩包“{name}”的文件名不以 .zip 结尾，平台上传照片时只接受 .zip 文件。",
    message_en="The archive '{name}' is not named *.zip; the platform's photo upload takes .zip files only.",
    suggestion="内容是 zip 压缩包：把文件名的结尾改为 .zip 即可。",
    description="A zip archive whose file name does not end in .zip (e.g. renamed .rar): the platform's upload dialog "
                "takes .zip only.",
)
FORMAT_UNSUPPORTED = issue_type(
    F_PHOTO, "photo-format-unsupported", title="照片格式不被平台接受", title_en="Photo format not accepted",
    message="照片是 {format} 格式，平台只接受 jpg 和 png。",
    message_en="The photo is {format_en}; the platform accepts only jpg and png.",
    suggestion="xcert photos fix 可以把它转为 jpg。",
    description="A picture in another format (GIF, BMP, WebP, TIFF, HEIC …), judged by content. Fixable when xcert "
                "can decode it (not HEIC or AVIF).",
)
FORMAT_MISMATCH = issue_type(
    F_PHOTO, "photo-format-mismatch", title="扩展名与实际格式不符", title_en="Extension does not match the content",
    message="文件名是 {extension}，实际却是 {format} 图片。",
    message_en="The name says {extension} but the content is {format_en}.",
    suggestion="只改扩展名不会改变格式；xcert photos fix 会把它真正转为 jpg。",
    description="A PNG named .jpg, a JPEG named .png: the platform may check the content. Fixable.",
)
EXTENSION = issue_type(
    F_PHOTO, "photo-extension", title="扩展名不是 .jpg 或 .png", title_en="Extension not .jpg or .png",
    message="扩展名是“{extension}”，平台要求照片命名为“证件号码.jpg”（或 .png）。",
    message_en="The extension is '{extension}'; the platform wants '<ID number>.jpg' (or .png).",
    suggestion="xcert photos fix 会把它改名为“证件号码.jpg”。",
    description="A JPEG or PNG named .jpeg, .jfif or with no extension. Upper case (.JPG) is accepted. Fixable.",
)
UNDECODABLE = issue_type(
    F_PHOTO, "photo-undecodable", title="照片已损坏，无法打开", title_en="Photo cannot be decoded",
    message="照片无法打开：文件已损坏或不完整（例如没有下载或拷贝完整）。",
    message_en="The photo cannot be decoded: the file is damaged or truncated ({detail}).",
    suggestion="请重新导出或重新拷贝这张照片。",
    description="A picture Pillow cannot decode: truncated (an interrupted download or copy), corrupt, or a format "
                "xcert cannot read (HEIC).",
)
TOO_MANY_PIXELS = issue_type(
    F_PHOTO, "photo-too-many-pixels", title="照片像素数异常巨大", title_en="Too many pixels (decompression bomb)",
    message="照片自称有 {pixels} 个像素，超过 xcert 的安全上限（{limit} 个像素），可能是恶意构造的图片，没有打开它。",
    message_en="The photo claims {pixels_en} pixels, over the limit of {limit} pixels; it may be a decompression bomb "
               "and was not decoded.",
    suggestion="正常的照片应为 295×413 像素，请重新导出这张照片。",
    description="Pillow's decompression-bomb protection: a picture of more pixels than the limit (50 million by "
                "default, four times a 12-megapixel camera photo) is not decoded.",
)
FILE_TOO_LARGE = issue_type(
    F_PHOTO, "photo-file-too-large", title="照片文件超过 5 MB", title_en="Photo file over 5 MB",
    message="照片文件有 {size}，超过平台的 5 MB 上限。",
    message_en="The photo file is {size_en}, over the platform's 5 MB limit.",
    suggestion="xcert photos fix 会重新压缩它。",
    description="A photo file of more than 5,000,000 bytes. Fixable: `fix` re-compresses.",
)
PIXEL_SIZE = issue_type(
    F_PHOTO, "photo-pixel-size", title="照片像素尺寸不对（可自动缩放）", title_en="Wrong pixel size, same aspect",
    message="照片为 {width}×{height} 像素，平台要求 295×413；比例相同，可以自动缩放。",
    message_en="The photo is {width}x{height} pixels, not 295x413; the aspect is the same.",
    suggestion="xcert photos fix 会把它缩放为 295×413。",
    description="Not 295 x 413 pixels but the same aspect within 1% and at least half the size. Fixable: `fix` scales "
                "it, cropping at most 1% evenly from the edges so the face stays centred.",
)
ASPECT_RATIO = issue_type(
    F_PHOTO, "photo-aspect-ratio", title="照片宽高比不对", title_en="Wrong aspect ratio",
    message="照片为 {width}×{height} 像素，宽高比与 295×413（2.7 cm × 3.8 cm）不同，自动裁剪可能切掉头部。",
    message_en="The photo is {width}x{height} pixels, an aspect other than 295x413; cropping could cut the head.",
    suggestion="请用照片处理软件按 295×413 像素重新裁剪，保持头部居中；或请照相馆按“小一寸”重新输出。",
    description="Not the aspect of 295 x 413 (2.7 cm x 3.8 cm): xcert does not crop, it cannot see the face.",
)
TOO_SMALL = issue_type(
    F_PHOTO, "photo-too-small", title="照片像素太少", title_en="Photo too small",
    message="照片只有 {width}×{height} 像素，放大到 295×413 会模糊，影响人像比对。",
    message_en="The photo is only {width}x{height} pixels; enlarged to 295x413 it would be blurred.",
    suggestion="请重新拍摄或重新扫描，得到至少 295×413 像素的照片。",
    description="The same aspect as 295 x 413 but less than half of it in either direction.",
)
COLOUR_MODE = issue_type(
    F_PHOTO, "photo-colour-mode", title="照片是 CMYK 色彩模式", title_en="CMYK colour mode",
    message="照片使用 {mode} 色彩模式（印刷用），网页和平台的人像比对可能无法正确显示。",
    message_en="The photo uses the {mode} colour mode, for print; browsers and the platform may show it wrongly.",
    suggestion="xcert photos fix 会把它转为普通的 RGB 彩色照片。",
    description="A CMYK (or other print or unusual colour mode) picture. Fixable: `fix` converts to RGB.",
)
TRANSPARENCY = issue_type(
    F_PHOTO, "photo-transparency", title="照片有透明部分", title_en="Transparent pixels",
    message="照片有透明的部分，平台可能把这些部分显示为黑色或白色。",
    message_en="The photo has transparent pixels; the platform may show them black or white.",
    suggestion="xcert photos fix 会把透明部分填为白色（如果底色是透明的，之后会显示底色不对）。",
    description="A picture with an alpha channel or transparency that is actually used. Fixable: `fix` composites it "
                "onto white; the background check already judges the photo that way.",
)
GREYSCALE = issue_type(
    F_PHOTO, "photo-greyscale", title="照片是黑白的", title_en="Greyscale photo",
    message="照片是黑白（灰度）照片，平台要求红色底色的彩色照片。",
    message_en="The photo is greyscale; the platform wants a colour photo on a red background.",
    suggestion="请使用彩色的红底证件照。",
    description="A greyscale or black-and-white picture (mode L, LA, 1, I, F): conversion cannot add colour.",
)
BACKGROUND = issue_type(
    F_PHOTO, "photo-background", title="照片底色不是红色", title_en="Background not red",
    message="照片底色是{colour}，平台要求红色。",
    message_en="The background is {colour_en}; the platform wants red.",
    suggestion="请换成红底照片（照相馆可以直接换底色）；xcert 不会修改底色。",
    description="The border strips and top corners are not mostly red (see the how-to guide for the colour "
                "tolerances). Reported, never repainted.",
)
ORIENTATION = issue_type(
    F_PHOTO, "photo-exif-orientation", title="照片依赖 EXIF 方向标记", title_en="Photo relies on its EXIF orientation",
    message="照片要靠 EXIF 方向标记旋转后才是正的，平台可能把它显示成横躺或倒置。",
    message_en="The photo is upright only when its EXIF orientation ({orientation}) is applied.",
    suggestion="xcert photos fix 会把像素真正转正并删除方向标记。",
    description="A picture with an EXIF orientation other than 1 (phone photos): sizes are judged as displayed. "
                "Fixable: `fix` rotates the pixels.",
)
GPS_METADATA = issue_type(
    F_PHOTO, "photo-gps-metadata", title="照片含有拍摄地点", title_en="GPS location in the photo",
    severity=Severity.WARNING,
    message="照片中记录了拍摄地点（GPS 定位），这是个人信息。",
    message_en="The photo records where it was taken (GPS); that is personal data.",
    suggestion="xcert photos fix 会删除照片中的全部附加信息（EXIF）。",
    description="EXIF with a GPS block. Fixable: every photo `fix` writes is without metadata.",
)
NAME_NOT_ID = issue_type(
    F_PHOTO, "photo-name-not-id", title="文件名不是有效的证件号码", title_en="File name is not a valid ID number",
    message="文件名不是有效的证件号码（{reason}），平台无法把这张照片对应到学生。",
    message_en="The file name is not a valid ID number ({reason_en}); the platform cannot match the photo.",
    suggestion="请把照片命名为学生的证件号码，例如“证件号码.jpg”，并逐位核对。",
    description="The file-name stem fails the identity rules of the roster check (length, characters, check digit, "
                "birth date) or has no ID number's form at all (a name, a student number).",
)
NAME_FORMAT = issue_type(
    F_PHOTO, "photo-name-format",
    title="文件名中的证件号码写法不规范", title_en="ID number in the file name written loosely",
    personal=PersonalData.ID_NUMBER,
    message="文件名中的证件号码{detail}，平台按文件名精确匹配。",
    message_en="The ID number in the file name {detail_en}; the platform matches names exactly.",
    suggestion="xcert photos fix 会把它改名为“{value}.jpg”这样的规范写法。",
    description="Spaces, full-width digits or a lower-case x in an otherwise valid number. Fixable: `fix` renames.",
)
NAME_UNCHECKED = issue_type(
    F_PHOTO, "photo-name-unchecked", title="文件名无法校验", title_en="File name cannot be checked",
    severity=Severity.WARNING,
    message="文件名不是身份证、居住证或通行证的号码格式，无法确认它是否正确（如是护照号码可以忽略）。",
    message_en="The file name has no checkable ID number's form (a passport number?).",
    suggestion="请核对文件名是否为学生的证件号码；给出名单（--roster）可以逐个核对。",
    description="5 to 17 letters and digits that are no checkable type's number: possibly a passport number. With a "
                "roster that lists it, nothing is reported.",
)
FIX_FAILED = issue_type(
    F_PHOTO, "photo-fix-failed", title="自动修复失败", title_en="Automatic fix failed",
    message="自动修复后这张照片仍不合格（{detail}），没有放入输出的压缩包。",
    message_en="After fixing, the photo still fails ({detail_en}); it was left out of the output.",
    suggestion="请手工处理这张照片。",
    description="`fix` re-checks every photo it writes; one that would still fail is left out. Should not occur.",
)
NO_CANDIDATE = issue_type(
    F_PHOTO_ROSTER, "photo-no-candidate", title="名单中没有这个证件号码", title_en="Photo without a candidate",
    personal=PersonalData.ID_NUMBER,
    message="名单中没有证件号码为 {value} 的学生，平台无法把这张照片对应到学生。",
    message_en="No candidate has the ID number {value}; the platform cannot match the photo.",
    suggestion="请核对文件名是否输错，或该学生是否遗漏在名单之外。",
    description="A photo whose file name is not the 证件号码 of any candidate of the roster.",
)
CANDIDATE_WITHOUT_PHOTO = issue_type(
    F_PHOTO_ROSTER, "photo-candidate-missing", title="学生没有照片", title_en="Candidate without a photo",
    personal=PersonalData.ID_NUMBER,
    message="{who}（证件号码 {value}）没有照片，上传后仍为“无照片”，无法认证和报考。",
    message_en="{who_en} ({value}) has no photo and stays 无照片 (no photo).",
    suggestion="请补拍照片，以该学生的证件号码命名后加入压缩包。",
    description="A candidate of the roster with no file of their number in the zip: after the upload they stay 无照片 "
                "and cannot be verified or registered.",
)
ID_TWICE = issue_type(
    F_PHOTO_ROSTER, "photo-id-twice", title="同一证件号码有多张照片", title_en="Two photos for one ID number",
    personal=PersonalData.ID_NUMBER,
    message="证件号码 {value} 有 {count} 个照片文件（{names}），平台只会保留其中一个。",
    message_en="The ID number {value} has {count} photo files ({names}); the platform keeps only one.",
    suggestion="请只保留正确的一张照片。",
    description="Two or more files name the same number (`.jpg` and `.png`, or in two folders). None is used by "
                "`fix`: only the school knows which is right.",
)
ROSTER_ID_UNREADABLE = issue_type(
    F_PHOTO_ROSTER, "photo-roster-id-unreadable",
    title="名单中的证件号码无法读取", title_en="Roster ID number unreadable", severity=Severity.WARNING,
    message="名单第 {line} 行的证件号码为空或无法读取，这名学生没有参与照片匹配。",
    message_en="The ID number in roster row {line} is empty or unreadable; the row is not matched.",
    suggestion="请先运行 xcert students check 修正名单。",
    description="A roster row without a usable 证件号码 (empty, or stored as a number that lost digits).",
)


ISSUE_TYPES: tuple[IssueType, ...] = (
    UNSAFE_NAME, ENCRYPTED_ENTRY, ZIP_BOMB, ENTRY_TOO_LARGE, NESTED_ARCHIVE, DUPLICATE_NAME, DUPLICATE_COPY,
    IGNORED_ENTRY, NOT_A_PHOTO, IN_FOLDER, ENTRY_DAMAGED, NO_PHOTOS, ZIP_NAME,
    FORMAT_UNSUPPORTED, FORMAT_MISMATCH, EXTENSION, UNDECODABLE, TOO_MANY_PIXELS, FILE_TOO_LARGE, PIXEL_SIZE,
    ASPECT_RATIO, TOO_SMALL, COLOUR_MODE, TRANSPARENCY, GREYSCALE, BACKGROUND, ORIENTATION, GPS_METADATA,
    NAME_NOT_ID, NAME_FORMAT, NAME_UNCHECKED, FIX_FAILED,
    NO_CANDIDATE, CANDIDATE_WITHOUT_PHOTO, ID_TWICE, ROSTER_ID_UNREADABLE,
)
"""Every photo issue type, as the ``xcert-photo-rules`` plug-in catalogues them."""

FIXABLE = frozenset({
    DUPLICATE_COPY.code, IGNORED_ENTRY.code, NOT_A_PHOTO.code, IN_FOLDER.code,
    FORMAT_UNSUPPORTED.code, FORMAT_MISMATCH.code, EXTENSION.code, FILE_TOO_LARGE.code, PIXEL_SIZE.code,
    COLOUR_MODE.code, TRANSPARENCY.code, ORIENTATION.code, GPS_METADATA.code, NAME_FORMAT.code,
})
"""Codes ``xcert photos fix`` repairs (by converting, scaling, renaming, or leaving a non-photo out). A finding
of one of these codes can still be unfixable, e.g. a HEIC photo xcert cannot decode."""
