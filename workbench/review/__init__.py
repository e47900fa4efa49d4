"""跟踪反馈 and 复盘: tracking around statements, effect evaluation, postmortems, exports, lessons."""
