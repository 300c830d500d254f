"""Keeping rollups honest: note each new activity in its own transaction, and mark rollups for rebuilding
when the activity record changes in a way they cannot follow."""

from django.db.models.signals import post_delete, post_save, pre_save


def on_activity_written(sender, *, community_id: int, activity_id: int, **kwargs) -> None:
    from coproduce.insights.rollups import rollups_pending_add

    rollups_pending_add(community_id=community_id, activity_id=activity_id)


def _invalidate(community_id: int | None) -> None:
    from coproduce.insights.rollups import rollups_invalidate

    if community_id is not None:
        rollups_invalidate(community_id=community_id)


def on_record_removed(sender, instance, **kwargs) -> None:
    _invalidate(instance.community_id)


def on_record_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    # New activities arrive through the pending queue; only edits of stored ones need a rebuild.
    if not created and not raw:
        _invalidate(instance.community_id)


def on_membership_saving(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None or (update_fields is not None and "kind" not in update_fields):
        return
    stored = type(instance).objects.filter(pk=instance.pk).values_list("kind", flat=True).first()
    if stored is not None and stored != instance.kind:
        _invalidate(instance.community_id)


def on_community_saving(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None or (update_fields is not None and "timezone" not in update_fields):
        return
    stored = type(instance).objects.filter(pk=instance.pk).values_list("timezone", flat=True).first()
    if stored is not None and stored != instance.timezone:
        _invalidate(instance.pk)


def connect_invalidation() -> None:
    from coproduce.communities.models import Community, Membership
    from coproduce.coproduction.models import Activity, Contribution

    for model in (Activity, Contribution):
        post_delete.connect(on_record_removed, sender=model, dispatch_uid=f"insights.rollups_removed.{model.__name__}")
        post_save.connect(on_record_saved, sender=model, dispatch_uid=f"insights.rollups_saved.{model.__name__}")
    pre_save.connect(on_membership_saving, sender=Membership, dispatch_uid="insights.rollups_member_kind")
    pre_save.connect(on_community_saving, sender=Community, dispatch_uid="insights.rollups_timezone")
