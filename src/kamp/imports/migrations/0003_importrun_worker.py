from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0002_new_values"),
    ]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="worker",
            field=models.CharField(
                blank=True, editable=False, max_length=300, verbose_name="worker"
            ),
        ),
    ]
