"""Attribution: who leads and who supports a measure.

``roles`` holds every written form of a role word (``rules/roles.toml``), ``bodies``
what an agency looks like (``rules/bodies.toml``), ``parser`` reads one attribution
text into lead and support agencies in canonical form.
"""
from .bodies import body_forms
from .parser import AgencyContext, Attribution, AttributionParser, split_top
from .roles import has_role_word, label_pattern, label_role, role_words

__all__ = ["AgencyContext", "Attribution", "AttributionParser", "split_top", "body_forms", "role_words",
           "has_role_word", "label_pattern", "label_role"]
