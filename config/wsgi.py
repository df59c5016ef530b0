import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# A full run of Python's cyclic garbage collector walks every live object, and a
# worker holds all of Django's: every few API pages one cost 40-70 ms. What is
# alive now stays out of collections, and young ones run less often; the
# incident list's p95 at a million incidents went from 115 to about 70 ms
# (bench/national_scale.py).
gc.freeze()
gc.set_threshold(50_000, 20, 100)
