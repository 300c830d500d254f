from django.dispatch import Signal

# Sent inside the transaction that records an activity, so listeners' writes land or fail with it.
activity_written = Signal()
# Sent after commit when new activity lands or a recorded one is corrected; insights listen to refresh cached
# figures.
activity_recorded = Signal()
