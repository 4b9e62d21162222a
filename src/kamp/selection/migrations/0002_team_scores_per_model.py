"""Team scores belong to one scoring model; results may have no score (not enough data);
stored definitions declare the range of a metric used as it is.

Existing team scores were keyed by criterion only, and nothing recorded which model they were
entered for. Each goes to the newest version of the most recently saved model that has a manual
criterion of that key (docs/decisions/0007-selection-objective.md, "Team scores"); a score whose
key no model scores by hand was read by no model, and is dropped.
"""

import django.db.models.deletion
from django.db import migrations, models

#: The natural ranges the reader now gives metrics used as they are (metrics.METRIC_RANGES).
_KNOWN_RANGES = ("share_of_wallet", "segment_fit", "frequency_12m")


def _manual_keys(definition):
    return {
        c.get("key")
        for a in definition.get("axes", [])
        for g in a.get("groups", [])
        for c in g.get("criteria", [])
        if c.get("manual") is True
    }


def assign_scores(apps, schema_editor):
    ManualScore = apps.get_model("selection", "ManualScore")
    ScoringModel = apps.get_model("selection", "ScoringModel")
    # Newest first: the most recently saved model, then its newest version.
    owners = {}
    for model in ScoringModel.objects.order_by("-created_at", "-version", "-pk"):
        for key in _manual_keys(model.definition):
            owners.setdefault(key, model.pk)
    for criterion, owner in owners.items():
        ManualScore.objects.filter(criterion=criterion).update(model_id=owner)
    ManualScore.objects.filter(model__isnull=True).delete()


def declare_ranges(apps, schema_editor):
    """A metric used as it is without a declared range was read on the model's scale: say so,
    so the definition still reads (and scores) as before."""
    ScoringModel = apps.get_model("selection", "ScoringModel")
    for model in ScoringModel.objects.all():
        changed = False
        scale = model.definition.get("scale", 10)
        for axis in model.definition.get("axes", []):
            for group in axis.get("groups", []):
                for c in group.get("criteria", []):
                    if (
                        c.get("normalise") == "none"
                        and c.get("metric")
                        and c.get("metric") not in _KNOWN_RANGES
                        and "range" not in c
                    ):
                        c["range"] = [0, scale]
                        changed = True
        if changed:
            model.save(update_fields=["definition"])


class Migration(migrations.Migration):
    dependencies = [
        ("selection", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="manualscore",
            name="model",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="manual_scores",
                to="selection.scoringmodel",
                verbose_name="scoring model",
            ),
        ),
        migrations.RemoveConstraint(model_name="manualscore", name="manual_score_unique"),
        migrations.RunPython(assign_scores, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="manualscore",
            name="model",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="manual_scores",
                to="selection.scoringmodel",
                verbose_name="scoring model",
            ),
        ),
        migrations.AddConstraint(
            model_name="manualscore",
            constraint=models.UniqueConstraint(
                fields=("account", "model", "criterion"), name="manual_score_unique"
            ),
        ),
        migrations.RunPython(declare_ranges, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="selectionresult",
            name="attractiveness",
            field=models.FloatField(blank=True, null=True, verbose_name="attractiveness"),
        ),
        migrations.AlterField(
            model_name="selectionresult",
            name="strength",
            field=models.FloatField(blank=True, null=True, verbose_name="relative strength"),
        ),
        migrations.AlterField(
            model_name="selectionresult",
            name="value",
            field=models.FloatField(blank=True, null=True, verbose_name="value"),
        ),
        migrations.AlterField(
            model_name="selectionresult",
            name="quadrant",
            field=models.CharField(blank=True, max_length=16, verbose_name="quadrant"),
        ),
        migrations.AlterField(
            model_name="selectionresult",
            name="tier",
            field=models.CharField(blank=True, max_length=16, verbose_name="tier"),
        ),
        migrations.AddField(
            model_name="selectionresult",
            name="evidence",
            field=models.FloatField(
                blank=True, null=True, verbose_name="share of weight with evidence (%)"
            ),
        ),
        migrations.AddField(
            model_name="selectionresult",
            name="band",
            field=models.CharField(blank=True, max_length=100, verbose_name="class"),
        ),
    ]
