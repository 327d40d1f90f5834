"""Generate the display's Indonesian announcement clips: `python -m kiosk.display.make_clips`.

Each word the waiting-room display says ("nomor antrian", letter names, digits, counter numbers)
is one short WAV clip spoken by Debian's espeak-ng Indonesian voice, resampled by sox to 16 kHz
mono; the browser plays them one after another. The chime is synthesised here. The output is
deterministic (no dither, fixed fades), so regenerating with the same espeak-ng version changes
no byte; `manifest.json` lists every clip with its text, length and SHA-256.

Needs `apt-get install -y espeak-ng sox` (only to regenerate; the clips are committed).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import shutil
import struct
import subprocess
import wave
from pathlib import Path

from kiosk.display.announce import COUNTER_WORDS, DIGIT_WORDS, LETTER_NAMES, PHRASES

OUT_DIR = Path(__file__).resolve().parents[1] / "static" / "audio" / "id"
RATE = 16000
VOICE = "id"
SPEED_WPM = 135  # a little slower than espeak-ng's 175: a waiting room echoes
PITCH = 45
PEAK = 0.89  # about -1 dBFS
EDGE_SILENCE = 0.015  # seconds kept before and after the speech
TRIM_THRESHOLD = 0.01  # samples quieter than this at the edges count as silence


def clip_texts() -> dict[str, str]:
    """Clip name -> the Indonesian text espeak-ng speaks for it (the chime has none)."""
    texts = {f"phrase-{key}": text for key, text in PHRASES.items()}
    texts.update({f"letter-{letter.lower()}": name for letter, name in LETTER_NAMES.items()})
    texts.update({f"digit-{digit}": word for digit, word in DIGIT_WORDS.items()})
    texts.update({f"number-{number}": word for number, word in COUNTER_WORDS.items()})
    return texts


def espeak_version() -> str:
    """The espeak-ng version line, recorded in the manifest (clips differ between versions)."""
    result = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split()[:4])


def speak(text: str) -> list[int]:
    """16 kHz mono 16-bit samples of `text` in espeak-ng's Indonesian voice."""
    spoken = subprocess.run(
        ["espeak-ng", "-v", VOICE, "-s", str(SPEED_WPM), "-p", str(PITCH), "--stdout", text],
        capture_output=True,
        check=True,
    ).stdout
    # -D: no dither, -R: repeatable; both keep the output byte-identical between runs.
    resampled = subprocess.run(
        ["sox", "-D", "-R", "-t", "wav", "-", "-t", "raw", "-e", "signed", "-b", "16"]
        + ["-c", "1", "-r", str(RATE), "-"],
        input=spoken,
        capture_output=True,
        check=True,
    ).stdout
    return list(struct.unpack(f"<{len(resampled) // 2}h", resampled))


def tidy(samples: list[int]) -> list[int]:
    """Trim the silence espeak-ng leaves around a word, normalise the peak, fade the edges."""
    limit = TRIM_THRESHOLD * 32767
    loud = [i for i, value in enumerate(samples) if abs(value) > limit]
    if not loud:
        return samples
    keep = int(EDGE_SILENCE * RATE)
    samples = samples[max(0, loud[0] - keep) : loud[-1] + keep]
    gain = PEAK * 32767 / max(abs(value) for value in samples)
    fade = int(0.006 * RATE)
    out = []
    for i, value in enumerate(samples):
        edge = min(i, len(samples) - 1 - i)
        ramp = edge / fade if edge < fade else 1.0
        out.append(_clamp(round(value * gain * ramp)))
    return out


def chime() -> list[int]:
    """Two soft bell tones (E5 then C5), synthesised: the "ding-dong" before each call."""
    notes = [(659.25, 0.0), (523.25, 0.42)]
    length = int(1.5 * RATE)
    out = [0.0] * length
    for frequency, start in notes:
        first = int(start * RATE)
        for n in range(length - first):
            t = n / RATE
            attack = min(1.0, t / 0.012)
            envelope = attack * math.exp(-t * 3.2)
            tone = (
                math.sin(2 * math.pi * frequency * t)
                + 0.35 * math.sin(2 * math.pi * 2 * frequency * t) * math.exp(-t * 4)
                + 0.12 * math.sin(2 * math.pi * 3.01 * frequency * t) * math.exp(-t * 6)
            )
            out[first + n] += 0.32 * envelope * tone
    fade = int(0.05 * RATE)
    return [
        _clamp(round(value * 32767 * min(1.0, (length - 1 - i) / fade)))
        for i, value in enumerate(out)
    ]


def wav_bytes(samples: list[int]) -> bytes:
    """A canonical 16 kHz mono 16-bit WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return buffer.getvalue()


def build(out_dir: Path = OUT_DIR) -> dict:
    """Write every clip and manifest.json into `out_dir`; return the manifest."""
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install -y espeak-ng sox")
    out_dir.mkdir(parents=True, exist_ok=True)
    clips: dict[str, dict] = {}
    sounds = {"chime": ("", chime())}
    sounds.update({name: (text, tidy(speak(text))) for name, text in clip_texts().items()})
    for name, (text, samples) in sounds.items():
        data = wav_bytes(samples)
        (out_dir / f"{name}.wav").write_bytes(data)
        clips[name] = {
            "file": f"{name}.wav",
            "text": text,
            "seconds": round(len(samples) / RATE, 3),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    manifest = {
        "language": "id",
        "generator": f"{espeak_version()} -v {VOICE} -s {SPEED_WPM} -p {PITCH}; sox -D -R",
        "sample_rate": RATE,
        "clips": clips,
    }
    text = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    (out_dir / "manifest.json").write_text(text, encoding="utf-8")
    return manifest


def _clamp(value: int) -> int:
    return max(-32768, min(32767, value))


def main(argv: list[str] | None = None) -> None:
    """Command line: regenerate the clips (default into kiosk/static/audio/id)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    args = parser.parse_args(argv)
    manifest = build(args.out)
    total = sum((args.out / clip["file"]).stat().st_size for clip in manifest["clips"].values())
    print(f"{len(manifest['clips'])} clips, {total / 1024:.0f} KiB in {args.out}")


if __name__ == "__main__":
    main()
