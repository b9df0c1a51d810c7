"""Post pages: editor, live check, autosave, decisions, lists and calendar."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from hasshin.posts import services
from hasshin.posts.models import Post
from hasshin.posts.workflow import PostState

PHONE_AND_SHORTENER = "観光案内のお問い合わせは090-1234-5678へ。詳細 https://bit.ly/abc"


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_editor_lists_only_accounts_the_user_operates(client_as, accounts):
    resp = client_as("operator").get(reverse("posts:new"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "上越観光ナビ" in html and "ガイドラインチェック" in html
    resp = client_as("contractor").get(reverse("posts:new"))
    assert "上越市子育てひろば" not in resp.content.decode()


def test_g5_3_g6_2_4_live_check_highlights_phone_and_shortener(client_as, accounts, working_time):
    resp = client_as("operator").post(
        reverse("posts:live_check"),
        {
            "accounts": [accounts["kanko_x"].pk, accounts["kanko_fb"].pk],
            "body": PHONE_AND_SHORTENER,
            "scheduled_at": local(working_time),
        },
    )
    html = resp.content.decode()
    assert resp.status_code == 200
    assert '<mark class="f-error"' in html
    assert ">090-1234-5678</mark>" in html and ">https://bit.ly/abc</mark>" in html
    assert "G5.3" in html and "G6.2.4" in html
    assert 'data-service="x"' in html and 'data-service="facebook"' in html
    assert "/ 280" in html  # X counts weighted length against 280
    assert "就業時間内です" in html


def test_g6_2_1_live_check_says_when_out_of_hours(client_as, accounts, night_time):
    data = {
        "accounts": [accounts["kanko_x"].pk],
        "body": "お知らせ",
        "scheduled_at": local(night_time),
    }
    html = client_as("operator").post(reverse("posts:live_check"), data).content.decode()
    assert 'data-timing="ng"' in html
    data.update(urgent="on", urgent_reason="大雪のため")
    html = client_as("operator").post(reverse("posts:live_check"), data).content.decode()
    assert 'data-timing="ok"' in html


def test_live_check_ignores_accounts_of_another_organisation(client_as, accounts):
    html = (
        client_as("outsider")
        .post(reverse("posts:live_check"), {"accounts": [accounts["kanko_x"].pk], "body": "x"})
        .content.decode()
    )
    assert 'data-service="x"' not in html


def test_autosave_creates_then_updates_a_draft(client_as, accounts):
    client = client_as("operator")
    resp = client.post(
        reverse("posts:autosave"), {"body": "書きかけ", "accounts": [accounts["kanko_x"].pk]}
    )
    data = resp.json()
    assert data["saved"] and data["edit_url"] == reverse("posts:edit", args=[data["id"]])
    resp = client.post(
        data["autosave_url"], {"body": "書きかけの続き", "accounts": [accounts["kanko_x"].pk]}
    )
    assert resp.json()["version"] == 2
    post = Post.objects.get(pk=data["id"])
    assert post.body == "書きかけの続き" and post.state == PostState.DRAFT
    assert post.targets.get().text == "書きかけの続き"


def test_autosave_with_nothing_written_creates_nothing(client_as, accounts):
    before = Post.objects.count()
    assert client_as("operator").post(reverse("posts:autosave"), {"body": ""}).json() == {
        "saved": False
    }
    assert Post.objects.count() == before


def test_autosave_of_an_expired_session_redirects_to_login(client, accounts):
    resp = client.post(reverse("posts:autosave"), {"body": "x"})
    assert resp.status_code == 302 and "/account/login/" in resp["Location"]


def test_autosave_never_changes_a_submitted_post(client_as, persona, accounts, working_time):
    post = services.post_create(
        author=persona("operator"),
        accounts=[accounts["kanko_x"]],
        body="お知らせ",
        scheduled_at=working_time,
    )
    services.post_submit(post=post, actor=persona("operator"))
    resp = client_as("operator").post(
        reverse("posts:autosave_post", args=[post.pk]), {"body": "変更"}
    )
    assert resp.status_code == 409
    post.refresh_from_db()
    assert post.body == "お知らせ" and post.state == PostState.SUBMITTED


def test_post_of_another_organisation_is_404(client_as, persona, accounts):
    post = services.post_create(
        author=persona("operator"), accounts=[accounts["kanko_x"]], body="x"
    )
    client = client_as("outsider")
    for name in ("posts:detail", "posts:edit"):
        assert client.get(reverse(name, args=[post.pk])).status_code == 404
    for name in ("posts:approve", "posts:submit", "posts:autosave_post", "posts:reopen"):
        assert client.post(reverse(name, args=[post.pk]), {"version": 1}).status_code == 404


def test_g6_2_1_editor_refuses_submission_at_22h(client_as, accounts, night_time):
    client = client_as("operator")
    data = {
        "accounts": [accounts["kanko_x"].pk],
        "body": "夜のお知らせ",
        "scheduled_at": local(night_time),
        "action": "submit",
    }
    resp = client.post(reverse("posts:new"), data)
    assert resp.status_code == 200
    assert "就業時間外" in resp.content.decode()
    post = Post.objects.filter(author__username="kanko-tanto").latest("id")
    assert post.body == "夜のお知らせ" and post.state == PostState.DRAFT
    data.update(urgent="on", urgent_reason="花火大会の中止（荒天）")
    resp = client.post(reverse("posts:edit", args=[post.pk]), data)
    assert resp.status_code == 302
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED


def test_manager_approves_on_the_detail_page_and_sees_the_exact_text(
    client_as, persona, accounts, working_time
):
    post = services.post_create(
        author=persona("contractor"),
        accounts=[accounts["kanko_x"]],
        body="春の観光キャンペーンを開始します。\n詳しくは市ホームページへ。",
        scheduled_at=working_time,
    )
    services.post_submit(post=post, actor=persona("contractor"))
    html = client_as("contractor").get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert "承認する" not in html
    manager = client_as("manager")
    html = manager.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert (
        "承認する" in html
        and "春の観光キャンペーンを開始します。\n詳しくは市ホームページへ。" in html
    )
    resp = manager.post(reverse("posts:approve", args=[post.pk]), {"version": post.version})
    assert resp.status_code == 302
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED and post.approved_by == persona("manager")
    cal = manager.get(reverse("posts:calendar"), {"date": working_time.date().isoformat()})
    assert f'href="/posts/{post.pk}/"' in cal.content.decode()
    week = manager.get(
        reverse("posts:calendar"),
        {
            "view": "week",
            "date": working_time.date().isoformat(),
            "division": accounts["kanko_x"].division_id,
        },
    )
    assert 'data-state="scheduled"' in week.content.decode()


def test_return_from_the_detail_page_needs_a_comment(client_as, persona, accounts, working_time):
    post = services.post_create(
        author=persona("operator"),
        accounts=[accounts["kanko_x"]],
        body="お知らせ",
        scheduled_at=working_time,
    )
    services.post_submit(post=post, actor=persona("operator"))
    manager = client_as("manager")
    resp = manager.post(reverse("posts:return", args=[post.pk]), {"comment": ""}, follow=True)
    assert "差し戻す理由" in resp.content.decode()
    manager.post(reverse("posts:return", args=[post.pk]), {"comment": "写真を追加してください"})
    post.refresh_from_db()
    assert post.state == PostState.RETURNED
    html = client_as("operator").get(reverse("posts:edit", args=[post.pk])).content.decode()
    assert "写真を追加してください" in html


def test_lists_and_pages_render(client_as, accounts):
    for who in ("operator", "manager", "auditor", "pr"):
        client = client_as(who)
        for tab in ("drafts", "returned", "submitted", "approve", "scheduled", "published"):
            assert client.get(reverse("posts:index"), {"tab": tab}).status_code == 200
        for name in ("posts:calendar", "posts:out_of_hours", "posts:delegates"):
            assert client.get(reverse(name)).status_code == 200
    assert client_as("manager").get(reverse("posts:calendar"), {"view": "week"}).status_code == 200
