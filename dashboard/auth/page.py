"""The sign-in page and the page a refused navigation gets: plain HTML forms, no script needed,
in Thai or English (?lang=, else the lang setting), drawn with the dashboard's own stylesheet."""

from __future__ import annotations

from html import escape

from dashboard.i18n import t

TEXT = {
    "en": {
        "title": "Sign in",
        "user": "User name",
        "password": "Password",
        "submit": "Sign in",
        "failed": "The user name or password is not right.",
        "throttled": "Too many wrong passwords: try again in {minutes} minutes.",
        "expired": "Your sign-in has expired: sign in again.",
        "csrf": "The form had expired: it has been reloaded, sign in again.",
        "directory": "The directory could not be reached ({error}): try again later.",
        "refused": "Not allowed",
        "home": "Back to the overview",
        "signout": "Sign out",
        "signed_in": "{user} ({role})",
        "audit": "Audit trail",
        "audit_show": "Show the latest events",
        "audit_intro": "The latest {n} of {total} events, newest first.",
        "audit_ok": "The chain of {n} lines is whole (last hash {head}).",
        "audit_broken": "The trail has been altered: {problem}",
    },
    "th": {
        "title": "เข้าสู่ระบบ",
        "user": "ชื่อผู้ใช้",
        "password": "รหัสผ่าน",
        "submit": "เข้าสู่ระบบ",
        "failed": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
        "throttled": "ใส่รหัสผ่านผิดหลายครั้งเกินไป กรุณาลองใหม่ในอีก {minutes} นาที",
        "expired": "การเข้าสู่ระบบหมดอายุแล้ว กรุณาเข้าสู่ระบบอีกครั้ง",
        "csrf": "แบบฟอร์มหมดอายุและถูกโหลดใหม่แล้ว กรุณาเข้าสู่ระบบอีกครั้ง",
        "directory": "ติดต่อระบบสารบบผู้ใช้ไม่ได้ ({error}) กรุณาลองใหม่ภายหลัง",
        "refused": "ไม่มีสิทธิ์เข้าถึง",
        "home": "กลับไปหน้าภาพรวม",
        "signout": "ออกจากระบบ",
        "signed_in": "{user} ({role})",
        "audit": "บันทึกการใช้งาน (audit trail)",
        "audit_show": "แสดงเหตุการณ์ล่าสุด",
        "audit_intro": "เหตุการณ์ล่าสุด {n} รายการจากทั้งหมด {total} รายการ เรียงจากใหม่ไปเก่า",
        "audit_ok": "ห่วงโซ่แฮชครบทั้ง {n} บรรทัด (แฮชล่าสุด {head})",
        "audit_broken": "บันทึกการใช้งานถูกแก้ไข: {problem}",
    },
}


def say(key: str, lang: str, **params: object) -> str:
    return TEXT.get(lang, TEXT["en"])[key].format(**params)


def _page(lang: str, title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        '<link rel="stylesheet" href="/assets/fonts.css"><link rel="stylesheet" href="/assets/style.css"></head>'
        f'<body><header class="header"><h1>{escape(t("app.title", lang))}</h1></header>'
        f'<main class="page" style="max-width:26rem;margin:2rem auto">{body}</main></body></html>'
    )


def signin_page(lang: str, csrf: str, next_path: str, message: str = "", user: str = "") -> str:
    notice = f'<p class="notice error" role="alert" id="signin-error">{escape(message)}</p>' if message else ""
    field = "display:block;width:100%;box-sizing:border-box;font:inherit;padding:0.3rem;margin:0.2rem 0 0.8rem"
    body = (
        f'<section class="card"><h2>{escape(say("title", lang))}</h2>{notice}'
        '<form method="post" action="/signin" id="signin-form">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        f'<input type="hidden" name="next" value="{escape(next_path)}">'
        f'<input type="hidden" name="lang" value="{escape(lang)}">'
        f'<label for="signin-user">{escape(say("user", lang))}</label>'
        f'<input id="signin-user" name="user" autocomplete="username" required autofocus value="{escape(user)}" style="{field}">'
        f'<label for="signin-password">{escape(say("password", lang))}</label>'
        f'<input id="signin-password" name="password" type="password" autocomplete="current-password" required style="{field}">'
        f'<button type="submit" id="signin-submit" style="font:inherit;padding:0.3rem 1rem">{escape(say("submit", lang))}</button>'
        "</form></section>"
    )
    return _page(lang, say("title", lang), body)


def refused_page(message: str, lang: str = "en") -> str:
    body = (
        f'<section class="card"><h2>{escape(say("refused", lang))}</h2>'
        f'<p class="notice error" role="alert">{escape(message)}</p><p><a href="/">{escape(say("home", lang))}</a></p></section>'
    )
    return _page(lang, say("refused", lang), body)
