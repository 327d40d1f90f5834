"""What happens to a file, for other features to act on (the welfare desk, notifications).

Receivers run inside the change's transaction, before its commit: they may add rows to the
session (flush if they need ids) but never commit or roll back. Connect them once in a feature's
register function, e.g. `file_accepted.connect(on_accepted)`; blinker keeps one connection per
function however many apps a test run makes.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the new CaseFile (flushed, has an id); kwargs: user (User | None).
file_accepted = _signals.signal("file-accepted")
# sender: the CaseFile after the move; kwargs: user, previous (status code), target, note,
# previous_due (the due date before the move: leaving a paused status moves it).
file_status_changed = _signals.signal("file-status-changed")
