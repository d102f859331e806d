"""会议活动: events (conferences, forums, exhibitions, training, visits) and registration."""
