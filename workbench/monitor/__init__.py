"""Scraping and monitoring: the rule language, safe fetching, feeds and pages, the monitor cycle.

Entry points other areas use: ``compile_rule`` / ``match_many`` (rules), ``tag_posts`` (record
which active rules new posts match), ``run_cycle`` (in ``workbench.monitor.cycle``). Inside the
app the cycle runs on a schedule (``scheduler``, settings in ``schedule``); commands meeting a
database the app holds say so (``store_lock``).
"""
from .rule_store import tag_posts
from .rules import RuleSyntaxError, compile_rule, match_many

__all__ = ["RuleSyntaxError", "compile_rule", "match_many", "tag_posts"]
