from django import forms
from django.utils.translation import gettext_lazy as _

from losen.core import pickup
from losen.forum.models import Forum


class PostForm(forms.Form):
    nickname = forms.CharField(label=_("Kallenavn"), max_length=40, help_text=_("Ikke bruk ditt ekte navn."))
    text = forms.CharField(label=_("Innlegg"), max_length=6000, widget=forms.Textarea(attrs={"rows": 6}))
    code = forms.CharField(
        label=_("Hentekode (hvis du har en)"), max_length=120, required=False,
        help_text=_("Har du skrevet før, bruk samme kode, så finner du alle innleggene dine samlet. Ellers får du en ny."),
    )

    def clean_nickname(self):
        name = " ".join(self.cleaned_data["nickname"].split())
        if not name:
            raise forms.ValidationError(_("Skriv et kallenavn."))
        if name.lower() in ("moderator", "moderatoren", "admin"):
            raise forms.ValidationError(_("Velg et annet kallenavn."))
        return name

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Skriv noe i innlegget."))
        return text

    def clean_code(self):
        code = pickup.normalise(self.cleaned_data["code"])
        if code and len(code.split()) < 4:
            raise forms.ValidationError(_("Koden har minst fire ord."))
        return code


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Overskrift"), max_length=160)
    field_order = ["title", "nickname", "text", "code"]


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Hentekode"), max_length=120)

    def clean_code(self):
        code = pickup.normalise(self.cleaned_data["code"])
        if len(code.split()) < 4:
            raise forms.ValidationError(_("Koden har minst fire ord."))
        return code


class ModeratorReplyForm(forms.Form):
    text = forms.CharField(label=_("Svar som moderator"), max_length=6000, widget=forms.Textarea(attrs={"rows": 4}))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Begrunnelse (vises for den som skrev)"), max_length=300)


class ForumSettingsForm(forms.ModelForm):
    class Meta:
        model = Forum
        fields = ["moderation", "retention_days"]
