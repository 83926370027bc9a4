"""The postbox in the reference client: a document downloads as a PDF with the session cookie."""

from __future__ import annotations

import re

from playwright.async_api import Page

from tests.browser.conftest import open_nav, sign_in


async def test_a_document_downloads_as_pdf(page: Page) -> None:
    await sign_in(page, "100001")
    await open_nav(page, "Postfach")
    documents = page.get_by_role("main").get_by_role("list").last.get_by_role("listitem")
    async with page.expect_download() as waiting:
        await documents.first.get_by_role("link", name=re.compile("^Herunterladen")).click()
    download = await waiting.value
    assert download.suggested_filename.endswith(".pdf")
    path = await download.path()
    assert path.read_bytes().startswith(b"%PDF-")
