"""What resource groups with a life cycle share, whatever the channel (WhatsApp accounts, senders and templates
now; KakaoTalk, RCS, bundles later).

- `records`: stored records (DTO fields + `projectId` + an `emulator` dict of internals), DTO projection,
  change sets merged and applied;
- `transitions`: transitions on the emulator clock that drop themselves when the record changed or went away;
- `review`: the scheduled review (submitted -> in review -> approved, or rejected with a reason) driven by
  the clock, an admin decision or a rule;
- `rules`: admin rules that pick the outcome of a future review from the submitted body;
- `activities`: the notification list of a record (most recent first, paginated);
- `comments`: `POST .../comments` (a COMMENT_ADDED activity).

Nothing here names a channel: a group passes its collection, its timing and its transitions in.
"""
