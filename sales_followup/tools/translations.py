"""Texts the add-on writes for its users (step topics, care actions), stored
in every installed language so that each reader gets his own, whoever made
them."""

from collections import defaultdict


def installed_langs(env):
    """Codes of the installed languages (cached by ``res.lang``)."""
    return [code for code, __ in env["res.lang"].get_installed()]


def in_each_lang(env, build, langs=None):
    """``{lang: build(env in lang)}`` for every installed language (or ``langs``)."""
    return {
        lang: build(env(context=dict(env.context, lang=lang)))
        for lang in langs or installed_langs(env)
    }


def write_translations(records, texts, skip_lang=None):
    """Write ``texts`` (for each record of ``records`` in turn,
    ``{fname: {lang: text}}``) in their languages, but ``skip_lang``.

    One write per language and distinct text, which the ORM flushes in one
    UPDATE: a plan's few texts, not one write per record.
    """
    ids = defaultdict(list)
    for record, translated in zip(records, texts, strict=True):
        for fname, values in translated.items():
            for lang, text in values.items():
                # No text in one language is none in all: nothing to write.
                if lang != skip_lang and text:
                    ids[lang, fname, text].append(record.id)
    for (lang, fname, text), record_ids in ids.items():
        records.with_context(lang=lang).browse(record_ids).write({fname: text})


def create_translated(model, vals_list):
    """Create records of ``model`` whose translatable texts may be given in
    every language, as ``{lang: text}`` instead of a text: created with the
    texts of the current language, then written in the others."""
    lang = model.env.lang or "en_US"
    texts = []
    plain = []
    for vals in vals_list:
        translated = {fname: value for fname, value in vals.items() if isinstance(value, dict)}
        texts.append(translated)
        plain.append(
            vals
            | {fname: value.get(lang, value.get("en_US")) for fname, value in translated.items()}
        )
    records = model.create(plain)
    write_translations(records, texts, skip_lang=lang)
    return records
