import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua_site.settings.production")

application = get_wsgi_application()

from stats.beacon import BeaconFastPath  # noqa: E402 - needs Django set up first

application = BeaconFastPath(application)
