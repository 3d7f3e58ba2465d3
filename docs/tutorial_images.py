"""Make the tutorial's pictures from a demo folder (``xcert demo``): run ``python docs/tutorial_images.py DIR``.

* ``report.png`` and ``report-summary.png``: the roster's error-report workbook as a spreadsheet program prints
  it (LibreOffice, headless), the marked sheet fitted to the page width and its 问题汇总 sheet;
* ``ticket.png``, ``desk-labels.png``, ``sign-in.png``: first pages of the printed pack (``pdftoppm``).

Needs LibreOffice (``soffice``) and poppler-utils; the pictures are committed, so building the docs does not.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from PIL import Image, ImageOps

OUT = Path(__file__).parent / "_static" / "tutorial"


def _png(pdf: Path, target: Path, dpi: int, page: int = 1, crop: bool = False) -> None:
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(stem)], check=True)
    if crop:  # a printed sheet is mostly empty paper: keep what is written, with a margin
        image = Image.open(target).convert("RGB")
        box = ImageOps.invert(image).getbbox()
        if box:
            margin = 12
            image.crop((max(box[0] - margin, 0), max(box[1] - margin, 0), min(box[2] + margin, image.width),
                        min(box[3] + margin, image.height))).save(target)


def report_pictures(report: Path) -> None:
    """Print both sheets of the report, each fitted to one landscape page, and keep page 1 of each."""
    with tempfile.TemporaryDirectory() as folder:
        workbook = load_workbook(report)
        for n, sheet in enumerate(workbook.worksheets):
            sheet.page_setup.orientation = "landscape"
            sheet.sheet_properties.pageSetUpPr.fitToPage = True
            sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
            if n == 0:
                sheet.print_area = f"A1:{sheet.cell(1, sheet.max_column).column_letter}14"
        copy = Path(folder) / "report.xlsx"
        workbook.save(copy)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, str(copy)], check=True,
                       capture_output=True, timeout=300)
        pdf = Path(folder) / "report.pdf"
        _png(pdf, OUT / "report.png", 130, crop=True)
        _png(pdf, OUT / "report-summary.png", 130, page=2, crop=True)


def main(demo: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    report_pictures(demo / "报告" / "学生名单-错误报告.xlsx")
    pack = demo / "output" / "DMI-1"
    _png(pack / "准考证-全部.pdf", OUT / "ticket.png", 70)
    _png(pack / "桌贴-全部.pdf", OUT / "desk-labels.png", 50)
    _png(pack / "签到表-全部.pdf", OUT / "sign-in.png", 60)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
