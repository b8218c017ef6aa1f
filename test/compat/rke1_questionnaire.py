#!/usr/bin/env python3
"""Drive `rke config` (the interactive questionnaire) through a pseudo-terminal.

usage: rke1_questionnaire.py RKE_BIN WORKDIR TRANSCRIPT [ANSWER ...]

Each prompt RKE prints ("[+] <question> [<default>]: ") is answered with the next ANSWER, or with an empty
line (= accept the default) once the answers run out. The transcript (prompts and typed answers, as a user
sees them) is written to TRANSCRIPT; the YAML lands in WORKDIR/cluster.yml. Exit status is rke's.
"""
import os
import pty
import re
import select
import sys

PROMPT_END = re.compile(rb"\]: $")


def main() -> int:
    rke_bin, workdir, transcript_path, *answers = sys.argv[1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(workdir)
        os.execv(rke_bin, [rke_bin, "config"])
    out = bytearray()
    pending = bytearray()
    queue = list(answers)
    while True:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            sys.stderr.write("timeout waiting for rke config output\n")
            os.kill(pid, 9)
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        pending += chunk
        if PROMPT_END.search(bytes(pending)):
            answer = queue.pop(0) if queue else ""
            os.write(fd, answer.encode() + b"\n")
            pending.clear()
    _, status = os.waitpid(pid, 0)
    # The pty echoes typed answers and uses CRLF; store plain LF text.
    text = out.decode(errors="replace").replace("\r\n", "\n")
    with open(transcript_path, "w") as f:
        f.write(text)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
