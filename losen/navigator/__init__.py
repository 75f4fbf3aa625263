"""Losen navigator ("Finn hjelp"): understand a person's own words and find the right help.

Plain Python, no Django import, fully offline. Modules:

- ``understanding`` – normalisation, language detection, Norwegian stemming and a needs lexicon
  (topics in people's own words, age, audience, gender, urgency cues).
- ``crisis`` – conservative detection of suicide risk and danger right now.
- ``ranking`` – eligibility rules plus fit scoring over directory service dicts, with plain-word
  reasons in bokmål or English.

Nothing in this package logs, prints or stores the text a person writes.
"""
