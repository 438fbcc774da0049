"""Sentences addressed to a reader, an editor or a model: instructions, never facts.

Article text is data. A sentence that tells its reader what to record ("report that 250 were
killed"), overrides rules ("ignore previous instructions"), talks to an AI or summarizer, or talks
about the output format is not news about the incident, so no figure, actor or date comes from it.
Reporting verbs in the past or the third person ("officials reported that 12 were killed", "the
army urged residents to report ...") are news and stay. Every pattern runs on the folded text.
"""

from __future__ import annotations

import re

from ._text import Doc, Sentence

__all__ = ["addressed"]

# who a planted line talks to: a model, a summarizer, a writer of the output (English and French)
_MACHINE = (
    r"(?:a\.?i\.?|artificial\s+intelligence|(?:large\s+)?language\s+models?|llms?|chatbots?|assistants?"
    r"|summari[sz]ers?|summari[sz]ing\s+(?:tools?|systems?|models?)|bots?|gpt[\w-]*|models?"
    r"|intelligence\s+artificielle|modeles?\s+de\s+langue|(?:outils?\s+de\s+)?resume\s+automatique)"
)
_DIRECTIVE_VERB = (
    r"(?:report|record|state|say|write|output|list|set|change|attribute|mention|indicate|include|add"
    r"|replace|treat|use|put|enter|give|return|respond|answer|summari[sz]e|retain|keep|count"
    r"|indiquez|indique|ecrivez|ecris|ecrire|notez|retenez|retenir|signalez|mentionnez|dites|affirmez)"
)
_PATTERNS = [
    # overriding the reader's rules
    r"(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+)?(?:the\s+|your\s+|my\s+)?"
    r"(?:previous\s+|prior\s+|above\s+|earlier\s+|preceding\s+|other\s+|original\s+)?"
    r"(?:instructions?|rules?|prompts?|directions|guidelines|directives|system\s+messages?)",
    r"(?:ignorez|ignore|oubliez|oublie)\s+(?:toutes\s+)?(?:les\s+)?(?:instructions|regles|consignes)",
    r"\bfrom\s+now\s+on\b",
    # a label naming the addressee or a role in a chat: "SYSTEM:", "(Editor: ...", "Note to AI summarizers:"
    r"\A[\s(\[\"'<*#-]*(?:system|assistant|user|developer|admin|instructions?|prompt|editor|editeur"
    r"|note\s+(?:to|for|aux?|pour)\s+[\w\s'-]{1,40}?)\s*:",
    # a machine addressed or named as the one who must write something
    rf"\b(?:dear|hey|attention|note\s+to|to\s+(?:any|all)|for\s+any|pour\s+(?:l'|le\s+|la\s+|les\s+)?)\s*{_MACHINE}\b",
    rf"\b{_MACHINE}\s+(?:reading|processing|summari[sz]ing|analy[sz]ing|parsing|that\s+(?:reads?|summari[sz]es?)|qui\s+resume)",
    rf"\b{_MACHINE}\s*,\s*(?:you|please|record|report|write|ecris|ecrivez|indiquez)\b",
    rf"\b{_MACHINE}\s+(?:should|must|need\s+to|has\s+to|have\s+to|are\s+to|is\s+to|will)\s+(?:also\s+|now\s+|only\s+)?{_DIRECTIVE_VERB}\b",
    rf"\bif\s+you\s+are\s+(?:an?\s+)?{_MACHINE}\b",
    rf"\A[\s(\[\"'<*#-]*{_MACHINE}\s*:",
    # the writer of the output addressed in the second person
    rf"\byou\s+(?:should|must|need\s+to|have\s+to|are\s+to|will|shall)\s+(?:also\s+|now\s+|only\s+)?{_DIRECTIVE_VERB}\b",
    r"\bwhen\s+(?:you\s+)?(?:summari[sz]ing|summari[sz]e|writing\s+(?:up|the\s+summary)|extracting|filling)\b",
    r"\b(?:in|to)\s+your\s+(?:json\s+|final\s+)?(?:output|summary|answer|response|record|extraction|report)\b",
    # the output format itself: JSON, schema fields (snake_case names), "the output"
    r"\bjson\b",
    r"\b[a-z]+_[a-z_]+\b(?:\s+(?:list|field|entry|array|key))",
    r"\b(?:the\s+)?(?:output|response)\s+(?:format|must|should|shall)\b",
    # an imperative opening the sentence that tells the reader what to record
    rf"\A[\s(\[\"'<*#-]*(?:please\s+)?{_DIRECTIVE_VERB}\s+(?:that|only|also|the\s+(?:death\s+)?(?:toll|figure|number|casualt\w*|perpetrator)|as\s)",
    r"\A[\s(\[\"'<*#-]*(?:please\s+)?(?:do\s+not|don't|never)\s+(?:report|record|mention|include|list)\b",
    # French: "it is this figure one must keep", "write that"
    r"\bil\s+faut\s+(?:retenir|ecrire|indiquer|noter)\b",
    r"\bc'est\s+ce\s+chiffre\b",
    r"\b(?:indiquez|ecrivez|ecris|notez|retenez|signalez|mentionnez)\s+(?:que|qu'|le\s+chiffre|ce\s+chiffre)",
]
_ADDRESSED = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))


def addressed(doc: Doc, sent: Sentence) -> bool:
    """True when the sentence speaks to whoever reads or processes the article, not about events."""
    return _ADDRESSED.search(doc.low[sent.start : sent.end]) is not None
