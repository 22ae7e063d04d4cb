"""Views: every formatting decision about shared parts, made once for both formats.

Takes validated models; produces plain dicts, lists, strings and :class:`~scrdocs.markup.Rich`
paragraphs that the Word and HTML templates only lay out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from ..bidi import is_rtl_language
from ..dates import PartialDate
from ..footer import PAGE_NUMBERS
from ..i18n import N_, NP_, ngettext, pgettext
from ..i18n import gettext as _
from ..markup import Rich, inline, paragraphs, plain
from ..model import ActionStatus, Contact, Link, Marking, Meeting, Organisation, Review, Section

View = dict[str, Any]

NOT_YET_PUBLISHED = N_("report – not yet published")

TEMPLATE_LABELS: dict[str, str | tuple[str, str]] = {
    "page_of": PAGE_NUMBERS,
    # the footer's words of templates made before "page_of" ('Page', 'of'), still filled in
    "page": N_("Page"),
    "of": N_("of"),
    "by": NP_("due date", "by"),
    "presented_by": N_("Presented by:"),
    "resolved": N_("RESOLVED:"),
    "date": N_("Date:"),
    "time": N_("Time:"),
    "venue": N_("Venue:"),
    "membership": N_("Membership:"),
    "quorum": N_("Quorum:"),
    "date_of_publication": N_("Date of publication:"),
    "report_paper": N_("Report:"),
    "contact_officer": N_("Contact officer"),
    "contents": N_("Contents"),
    "part_a": N_("Part A – items open to the press and public"),
    "part_b": N_("Part B – items not open to the press and public"),
    "purpose_of_the_report": N_("Purpose of the report"),
    "about_the_review": N_("About the review"),
    "report": N_("Report"),
    "findings": N_("Findings"),
    "learning_points": N_("Learning points"),
    "action_plan": N_("Action plan"),
    "recommendations": N_("Recommendations"),
    "supporting_documents": N_("Supporting documents"),
    "action": N_("Action"),
    # Translators: the action plan's column of who carries an action out. Welsh: uncertain;
    # 'Perchennog' is literal, some Welsh action plans write 'Cyfrifoldeb' or 'Arweinydd'.
    "owner": N_("Owner"),
    "due": N_("Due"),
    "status": N_("Status"),
    "question": N_("Question:"),
    "version": N_("Version:"),
    # Translators: the learning briefing's contents box. Welsh: uncertain; boards also write
    # 'Yn y rhifyn hwn' (in this issue).
    "in_this_briefing": N_("In this briefing"),
    "fast_facts": N_("Fast facts"),
    "for_more_information": N_("For more information"),
    "references": N_("References and further information"),
}
"""The words the templates print around the data, by the name a template asks for them
(``{{ document.labels.presented_by }}``): the Word templates take them from the view, so a
profile's language reaches Word as it reaches the HTML's ``_()``."""


def template_labels() -> dict[str, str]:
    """Return the templates' fixed words in the language of the document being rendered."""
    return {name: pgettext(*words) if isinstance(words, tuple) else _(words)
            for name, words in TEMPLATE_LABELS.items()}


def date_text(date: PartialDate | None) -> str:
    """Return a date as UK prose at its own precision, or '' when unknown."""
    return date.long() if date else ""


def document_view(organisation: Organisation, document: Any, title: str,
                  subtitle: str = "", draft: bool = False) -> View:
    """Return what every template needs besides its content: title, marks, branding.

    ``marking`` is the protective marking ('' for none); ``page_marking`` is what the top and
    the bottom of every page say: the marking, then DRAFT on a draft ('OFFICIAL – DRAFT').
    ``available_in`` is the line a version in one language of a bilingual workspace prints
    to say the other exists ('This document is available in Welsh.'), set by the renderer;
    '' otherwise. ``languages`` and ``bilingual`` are a bilingual document's languages and
    layout ('block', 'side-by-side'), set when its languages are put together; [] and ''
    otherwise.
    """
    marking = document.marking or organisation.marking
    shown = "" if marking is Marking.NONE else marking.value
    is_draft = bool(draft or document.draft)
    return {
        "title": title,
        "subtitle": subtitle,
        "language": organisation.language,
        "direction": "rtl" if is_rtl_language(organisation.language) else "ltr",
        "marking": shown,
        "draft": is_draft,
        "page_marking": page_marking(shown, is_draft),
        "organisation": organisation_view(organisation),
        "footer": organisation.footer or organisation.name,
        "labels": template_labels(),
        "available_in": "",
        "languages": [],
        "bilingual": "",
    }


def page_marking(marking: str, draft: bool) -> str:
    """Return the line every page carries at its top and bottom: 'OFFICIAL', 'OFFICIAL –
    DRAFT', 'DRAFT', or '' for an unmarked final document."""
    return " – ".join(part for part in (marking, _("DRAFT") if draft else "") if part)


def organisation_view(organisation: Organisation) -> View:
    """Return the organisation's name, colours and contact for templates."""
    return {
        "name": organisation.name,
        "short_name": organisation.short_name or organisation.name,
        "primary": organisation.colours.primary,
        "accent": organisation.colours.accent,
        "font": organisation.font or "",
        "logo_alt": organisation.logo.alt if organisation.logo else "",
        "logo_src": "",
        "logo_path": "",
        "contact": contact_view(organisation.contact),
    }


def meeting_view(meeting: Meeting) -> View:
    """Return a meeting's header line parts: council, committee, date, venue."""
    parts = [meeting.council or "", meeting.committee, date_text(meeting.date)]
    return {
        "council": meeting.council or "",
        "committee": meeting.committee,
        "date": date_text(meeting.date),
        "venue": meeting.venue or "",
        "header": " — ".join(part for part in parts if part),
    }


def linked(title: str, url: str) -> Rich:
    """Return ``title`` as a link to ``url`` (brackets in the title kept as text)."""
    return inline(f"[{_escape_brackets(title)}]({url})")


def shown_url(url: str) -> str:
    """Return a web address as people read it: no ``https://``, no trailing slash."""
    return url.removeprefix("https://").removeprefix("http://").rstrip("/")


def link_view(link: Link) -> View:
    """Return a link as one paragraph: its title linked, then its note."""
    text = linked(link.title, link.url)
    if link.note:
        text = text + " " + inline(link.note)
    return {"title": link.title, "url": link.url, "text": text}


def _escape_brackets(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def links_view(links: list[Link]) -> list[View]:
    """Return every link as :func:`link_view` does."""
    return [link_view(link) for link in links]


def bullets(items: list[str]) -> list[Rich]:
    """Return bullet texts with their markup applied."""
    return [inline(item) for item in items]


def section_view(section: Section) -> View:
    """Return a headed block: heading, paragraphs, bullets, italic bullets, outro, links."""
    return {
        "heading": section.heading or "",
        "body": paragraphs(section.body),
        "bullets": bullets(section.bullets),
        "emphasis": [Rich(_italic(text)) for text in section.emphasis],
        "outro": paragraphs(section.outro),
        "links": links_view(section.links),
    }


def _italic(text: str) -> Rich:
    from dataclasses import replace
    return Rich(replace(span, italic=True) for span in inline(text))


def contact_view(contact: Contact | None) -> View:
    """Return a contact as lines: who, then how to reach them (``reach``: phone and email,
    which are also ``direct``, then the ``website``)."""
    if contact is None:
        return {"lines": [], "who": plain(""), "reach": [], "direct": [], "website": None}
    who = ", ".join(part for part in (contact.role, contact.name) if part)
    direct = []
    if contact.phone:
        direct.append(plain(contact.phone))
    if contact.email:
        direct.append(inline(f"[{contact.email}](mailto:{contact.email})"))
    website = linked(shown_url(contact.website), contact.website) if contact.website else None
    reach = [*direct, *([website] if website else [])]
    lines = [line for line in [plain(who) if who else None,
                               plain(contact.organisation) if contact.organisation else None,
                               *(paragraphs(contact.address) if contact.address else [])]
             if line]
    return {"who": plain(who), "lines": lines + reach, "reach": reach, "direct": direct,
            "website": website}


def review_view(review: Review) -> View:
    """Return everything a template may show about one review, formatted."""
    published = date_text(review.published_date)
    return {
        "id": review.id,
        "name": review.name or "",
        "title": review.title,
        "short_title": review.short_title,
        "type": review.type_label,
        "summary": paragraphs(review.summary),
        "summary_sentence": _summary_sentence(review),
        "summary_sentences": summary_sentences(review),
        "findings": [inline(finding) for finding in review.findings],
        "learning_points_intro": review.learning_points_intro or _(
            "Some of the main learning points for the professional network to emerge "
            "from this review were:"),
        "learning_points": bullets(review.learning_points),
        "questions": [inline(question) for question in review.questions],
        "links": links_view(review.links),
        "published": published,
        "not_yet_published": "" if review.is_published
        else f"{review.short_title} {_(NOT_YET_PUBLISHED)}",
        "facts": review_facts(review),
        "actions": [action_view(action) for action in review.actions],
        "action_summary": action_summary(review),
    }


def _summary_sentence(review: Review) -> list[Rich]:
    """Return the summary with the review's name leading it when it opens on a verb
    ("concerned the …" becomes "Serious Case Review Jasmine concerned the …")."""
    summary = paragraphs(review.summary)
    if summary and str(summary[0])[:1].islower():
        # Translators: opens a summary that starts on a verb ('concerned …'). Welsh: a Welsh
        # summary seldom opens that way, so the phrase seldom prints.
        summary[0] = plain((review.title if review.name else _("This review")) + " ") + summary[0]
    return summary


SUMMARY_VERBS = frozenset({"concerns", "concerned", "involves", "involved", "examines",
                           "examined", "considers", "considered", "looks", "looked", "relates",
                           "related", "focuses", "focused", "follows", "followed", "is", "was"})
"""Verbs a summary may open on, the review being their subject ("concerned the …")."""


def summary_sentences(review: Review) -> list[Rich]:
    """Return the summary as it reads under a heading naming the review: a summary opening
    on a verb gets "This review" before it ("concerned the …" becomes "This review concerned
    the …"), any other opening its first letter capitalised."""
    summary = paragraphs(review.summary)
    if not summary or not str(summary[0])[:1].islower():
        return summary
    first = summary[0]
    if str(first).split(maxsplit=1)[0].lower() in SUMMARY_VERBS:
        summary[0] = plain(_("This review") + " ") + first
    else:
        head = first[0]
        summary[0] = Rich((replace(head, text=head.text[:1].upper() + head.text[1:]),
                           *first[1:]))
    return summary


def review_facts(review: Review) -> list[View]:
    """Return the review's key facts as labelled rows, in the order a paper tells them.

    A phrase standing alone as a value opens on a capital: "Publication: Could not be
    published …", and "Commissioned: By …" when the date is not known.
    """
    commissioned = date_text(review.commissioned)
    if review.partnership:
        by = _("by")
        commissioned = f"{commissioned} {by} {review.partnership}".strip()
    rows = [
        (_("Review"), review.title),
        (_("Type"), review.review_type_label or review.review_type.full_label),
        (_("Commissioned"), _opening_capital(commissioned)),
        (_("Methodology"), _opening_capital(review.methodology)),
        (_("Reviewer"), review.reviewer),
        (_("Completed"), date_text(review.completed)),
        (_("Published"), date_text(review.published_date)
         or (_("Yes") if review.is_published else _("Not yet published"))),
        (_("Publication"), _opening_capital(review.publication_note)),
        (_("Themes"), ", ".join(review.themes)),
    ]
    return [{"label": label, "value": inline(value)} for label, value in rows if value]


def _opening_capital(text: str | None) -> str | None:
    """Return ``text`` with its first letter a capital when it opens on a lower-case one."""
    return text[:1].upper() + text[1:] if text and text[:1].islower() else text


def action_view(action: Any) -> View:
    """Return one action-plan row."""
    return {
        "action": inline(action.action),
        "owner": action.owner or "—",
        "due": date_text(action.due) or "—",
        "status": action.status.label,
        "status_key": action.status.value,
    }


def action_summary(review: Review) -> str:
    """Return the count of actions by status: '5 actions: 3 complete, 2 in progress.'."""
    if not review.actions:
        return ""
    counts = Counter(action.status for action in review.actions)
    parts = [f"{counts[status]} {status.label.lower()}" for status in ActionStatus
             if counts[status]]
    total = len(review.actions)
    return ngettext("{count} action: {statuses}.", "{count} actions: {statuses}.",
                    total).format(count=total, statuses=", ".join(parts))
