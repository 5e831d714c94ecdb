"""The eight badges, their levels, and what a member is told about the next one."""

from badges.definitions import BADGES, get


def test_it_defines_the_eight_badges_with_the_levels_of_the_design():
    assert {b.name: b.thresholds for b in BADGES} == {
        "Chat Host": (1, 3, 5, 10),
        "Chats": (1, 5, 10, 25, 50, 100),
        "Hashtags": (10, 50, 100, 250, 500, 1000),
        "Engagement": (10, 50, 100, 250, 500, 1000),
        "Followers": (10, 25, 50, 100, 250, 500),
        "Following": (10, 25, 50, 100, 250, 500),
        "Blog Comment": (1, 5, 10, 25),
        "WeBlog": (1, 3, 5, 10),
    }


def test_it_says_where_a_value_stands_and_what_the_next_level_needs():
    chats = get("chats")
    progress = chats.progress(7)
    assert (progress.level, progress.next_threshold, progress.to_go, progress.percent) == (2, 10, 3, 40)
    assert chats.next_hint(7) == "Join 3 more chats to reach level 3: try a chat of another We from the calendar."
    assert chats.next_hint(9) == "Join 1 more chat to reach level 3: try a chat of another We from the calendar."
    assert chats.next_hint(0).startswith("Join a chat")
    assert chats.progress(150).next_threshold is None and chats.progress(150).percent == 100
    assert "top level" in chats.next_hint(150)


def test_an_unknown_badge_names_the_ones_there_are():
    try:
        get("gold-star")
    except KeyError as error:
        assert "chat-host" in str(error)
    else:
        raise AssertionError("no error")
