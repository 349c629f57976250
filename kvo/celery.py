import os

from celery import Celery, signals

from kvo import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kvo.settings")

app = Celery("kvo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Log lines of a task carry the id of the request that enqueued it (see kvo/logs.py).
signals.before_task_publish.connect(logs.add_request_id_header, weak=False)
signals.task_prerun.connect(logs.task_started, weak=False)
signals.task_postrun.connect(logs.task_finished, weak=False)
