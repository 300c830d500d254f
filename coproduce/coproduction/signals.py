from django.dispatch import Signal

# Sent after commit when new activity lands; insights listen to refresh cached figures.
activity_recorded = Signal()
