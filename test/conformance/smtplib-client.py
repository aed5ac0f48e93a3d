"""
A mail client that is not ours: Python's standard smtplib, unmodified, as a printer's or a
script's mailer would use it against smtp.office365.com or smtp.gmail.com on port 587.
EHLO, STARTTLS (the certificate checked for the real server name against the given CA),
EHLO again, AUTH XOAUTH2 with an initial response (an empty line answers a 334 challenge,
as Google's XOAUTH2 protocol document says), then MAIL, RCPT, DATA when AUTH succeeded,
and QUIT.

Reads one JSON object on stdin:
  {"host", "port", "serverName", "caFile", "user", "token", "from", "to"}
Prints one JSON object on stdout: every reply in order, each with the command that caused
it (the token masked) and its code and lines as the server wrote them, the EHLO features
before and after STARTTLS, the decoded 334 challenges, and the exception smtplib raised, if
any. Only the standard library is used; the recording subclass overrides nothing but the
points where smtplib reads a reply and writes a command.
"""
import base64
import json
import smtplib
import ssl
import sys


class RecordingSMTP(smtplib.SMTP):
    def __init__(self):
        self.transcript = []
        self._command = None
        self._challenged = False
        super().__init__()

    def putcmd(self, cmd, args=""):
        line = f"{cmd} {args}".strip() if args else cmd
        if line.upper().startswith("AUTH "):
            words = line.split(" ")
            line = " ".join(words[:2] + (["<initial response>"] if len(words) > 2 else []))
        elif self._challenged and line != "":
            # An answer to a 334 challenge may carry credentials.
            line = "<response>"
        self._command = line
        super().putcmd(cmd, args)

    def send(self, s):
        data = s if isinstance(s, bytes) else s.encode("ascii")
        if data.endswith(b"\r\n.\r\n"):
            self._command = "<message>"
        super().send(s)

    def getreply(self):
        code, message = super().getreply()
        self._challenged = code == 334
        self.transcript.append({
            "command": self._command,
            "code": code,
            "lines": message.decode("utf-8", "replace").split("\n"),
        })
        return code, message


def main():
    args = json.load(sys.stdin)
    smtp = RecordingSMTP()
    result = {"transcript": smtp.transcript, "challenges": []}
    try:
        smtp.connect(args["host"], args["port"])
        # smtplib checks the certificate for (and sends as SNI) smtp._host: the real name.
        smtp._host = args["serverName"]
        smtp.ehlo("printer.example")
        result["featuresBeforeTls"] = dict(smtp.esmtp_features)
        context = ssl.create_default_context(cafile=args["caFile"])
        smtp.starttls(context=context)
        smtp.ehlo("printer.example")
        result["featuresAfterTls"] = dict(smtp.esmtp_features)

        initial = f"user={args['user']}\x01auth=Bearer {args['token']}\x01\x01"

        def xoauth2(challenge=None):
            if challenge is None:
                return initial
            result["challenges"].append(challenge.decode("utf-8", "replace"))
            return ""

        try:
            smtp.auth("XOAUTH2", xoauth2)
        except smtplib.SMTPAuthenticationError as error:
            result["error"] = {"type": type(error).__name__, "code": error.smtp_code}
        else:
            message = (
                f"From: {args['from']}\r\nTo: {args['to']}\r\nSubject: smtplib conformance\r\n"
                "\r\nHello from Python's smtplib.\r\n"
            )
            smtp.sendmail(args["from"], [args["to"]], message)
        smtp.quit()
    except (smtplib.SMTPException, OSError) as error:
        result.setdefault("error", {"type": type(error).__name__, "message": str(error)})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
