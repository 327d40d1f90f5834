"""Why a message waits or failed, in plain Indonesian for the staff (stored in last_error)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from kiosk.notify.errors import SmsError

REASONS = {
    "no_modem": _l("Modem tidak terpasang"),
    "no_answer": _l("Modem tidak menjawab"),
    "sim": _l("Pulsa habis atau kartu SIM bermasalah"),
    "no_signal": _l("Sinyal tidak ada"),
    "rejected": _l("SMS ditolak modem atau jaringan"),
    "output": _l("Tidak bisa menulis ke tujuan SMS"),
    "spool": _l("Gammu gagal mengirim (lihat log gammu-smsd)"),
    "config": _l("Pengaturan SATUPINTU_SMS salah"),
    "unknown": _l("Kesalahan tak terduga"),
}
NIGHT = _l("Menunggu pagi (tidak mengirim malam hari)")
CAPPED = _l("Batas harian tercapai")
SWITCHED_OFF = _l("Pengiriman SMS dimatikan admin")
# Normal holds, no fault: the messages go out later by themselves (or once SMS is on again).
HOLDS = (NIGHT, CAPPED, SWITCHED_OFF)
IN_SPOOL = _l("Diserahkan ke Gammu; menunggu modem mengirim")
QUEUED = _l("Dalam antrean kirim")
MOVED_ON = _l("Status berkas sudah berubah; SMS ini tidak dikirim lagi")
TOO_OLD = _l("Terlalu lama menunggu; tidak dikirim lagi")
MAX_LENGTH = 255


def reason_of(error: SmsError) -> str:
    """`error` as the staff read it: the plain reason, then the technical detail."""
    text = str(REASONS.get(error.reason, REASONS["unknown"]))
    detail = str(error).strip()
    return (f"{text} ({detail})" if detail else text)[:MAX_LENGTH]
