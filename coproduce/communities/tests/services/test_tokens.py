import pytest

from coproduce.communities.auth import user_for_token
from coproduce.communities.models import PersonalAccessToken
from coproduce.communities.services import ERR_TOKEN_DAYS, token_create, token_revoke
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_token_works_until_revoked_and_only_its_hash_is_stored(member):
    token, raw = token_create(user=member.user, name="script", days=30)
    assert raw not in token.token_hash
    assert user_for_token(raw) == member.user
    token_revoke(user=member.user, token_id=token.pk)
    assert user_for_token(raw) is None


@pytest.mark.django_db
@pytest.mark.parametrize("days", [0, -1, 3651, True])
def test_refuses_impossible_lifetimes(member, days):
    with pytest.raises(DomainError, match=str(ERR_TOKEN_DAYS).split(",")[0]):
        token_create(user=member.user, name="x", days=days)
    assert not PersonalAccessToken.objects.exists()


@pytest.mark.django_db
def test_nobody_revokes_another_persons_token(member, other_member):
    token, raw = token_create(user=member.user, name="mine")
    with pytest.raises(NotFound):
        token_revoke(user=other_member.user, token_id=token.pk)
    assert user_for_token(raw) == member.user
