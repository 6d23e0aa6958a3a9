"""Months as their reader writes them, in the user's language."""

from babel.dates import format_skeleton, get_month_names

from odoo.tools.misc import babel_locale_parse, get_lang


def month_label(env, day):
    """The month of ``day``: "April 2026", "2026年4月"."""
    return format_skeleton("yMMMM", day, locale=babel_locale_parse(get_lang(env).code))


def month_names(env):
    """[("1", "January"), ...], or 一月... in Chinese."""
    names = get_month_names("wide", locale=babel_locale_parse(get_lang(env).code))
    return [(str(month), names[month]) for month in range(1, 13)]
