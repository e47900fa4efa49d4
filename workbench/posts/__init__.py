"""Posts as a reader finds them: search by text, author, platform, time and label; one post with
its labels, incident and history (page 帖子检索, and a notebook through the same functions)."""
