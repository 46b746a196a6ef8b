#!/usr/bin/env python3
"""keyhound serve, measured as a new user would, against dev-issuer on loopback (driven by bench/serve-latency.sh).

alerts N   N GitHub secret scanning alerts, one live issuer key each, signed with a P-256 key (openssl) whose
           public half is in the keys document; each sent once the previous key is confirmed dead. Prints the
           median and p90 of (a) the ledger's own timestamps, alert received -> confirmed dead, and (b) what a
           client sees, POST sent -> ledger shows confirmed_dead (polled every 5 ms).
takeover   60 keys found by `scan --verify`; a slow serve (--verify-rps 5) is killed with SIGKILL while revoking; a
           second serve starts at once. Prints the time from the SIGKILL until the killed process's claim is taken
           over (the interrupted attempt's end, as the ledger records it) and until every key is confirmed dead.
"""
import base64, http.client, json, os, signal, sqlite3, statistics, subprocess, sys, tempfile, time

JAR, MODE = sys.argv[1], sys.argv[2]
ADMIN = "bench-admin-key"
ISSUER_PORT, SERVE_PORT = int(os.environ.get("BENCH_PORT", "18981")), int(os.environ.get("BENCH_PORT", "18981")) + 1
work = tempfile.mkdtemp(prefix="kh-serve-bench-")
env = dict(os.environ, KEYHOUND_HOME=f"{work}/home", KEYHOUND_ISSUER_ADMIN_KEY=ADMIN)
procs = []


def start(args, log):
    p = subprocess.Popen(["java", "-jar", JAR] + args, cwd=work, env=env, stdout=open(f"{work}/{log}", "w"),
                         stderr=subprocess.STDOUT)
    procs.append(p)
    return p


def wait_listening(log, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        if "listening on" in open(f"{work}/{log}").read():
            return
        time.sleep(0.05)
    raise SystemExit(f"not listening: {open(f'{work}/{log}').read()}")


def new_key(i):
    c = http.client.HTTPConnection("127.0.0.1", ISSUER_PORT)
    c.request("POST", f"/user_management/users/user_{i}/api_keys",
              body=json.dumps({"name": "bench", "permissions": [], "organization_id": "org_bench"}),
              headers={"Authorization": f"Bearer {ADMIN}", "Content-Type": "application/json"})
    return json.loads(c.getresponse().read())["value"]


def ledger_count(state):
    db = sqlite3.connect(f"{work}/ledger.db", timeout=10)
    try:
        return db.execute("SELECT COUNT(*) FROM secrets WHERE state = ?", (state,)).fetchone()[0]
    finally:
        db.close()


def config(extra=""):
    with open(f"{work}/.keyhound.toml", "w") as f:
        f.write(f'[issuer]\nbase_url = "http://127.0.0.1:{ISSUER_PORT}"\napi_key_env = "KEYHOUND_ISSUER_ADMIN_KEY"\n'
                f'[remediation]\nmode = "auto"\nrevoke = ["user"]\n{extra}')


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def alerts(n):
    subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", f"{work}/gh.pem"], check=True)
    pub = subprocess.run(["openssl", "ec", "-in", f"{work}/gh.pem", "-pubout"], check=True, capture_output=True,
                         text=True).stdout
    json.dump({"public_keys": [{"key_identifier": "bench-kid", "key": pub, "is_current": True}]},
              open(f"{work}/github-keys.json", "w"))
    config(f'[serve]\ngithub_keys = "{work}/github-keys.json"\n')
    start(["dev-issuer", "--port", str(ISSUER_PORT), "--db", f"{work}/issuer.db"], "issuer.log")
    wait_listening("issuer.log")
    start(["serve", "--port", str(SERVE_PORT), "--ledger", f"{work}/ledger.db"], "serve.log")
    wait_listening("serve.log")
    client = []
    for i in range(n):
        token = new_key(i)
        body = json.dumps([{"token": token, "type": "keyhound_api_key",
                            "url": f"https://github.com/acme/app/blob/main/leak{i}.env", "source": "content"}]).encode()
        sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", f"{work}/gh.pem"], input=body, check=True,
                             capture_output=True).stdout
        c = http.client.HTTPConnection("127.0.0.1", SERVE_PORT)
        t0 = time.time()
        c.request("POST", "/github/secret-scanning", body=body,
                  headers={"Github-Public-Key-Identifier": "bench-kid",
                           "Github-Public-Key-Signature": base64.b64encode(sig).decode(),
                           "Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        assert r.status == 200, r.status
        while ledger_count("confirmed_dead") < i + 1:
            time.sleep(0.005)
            if time.time() - t0 > 60:
                raise SystemExit(f"alert {i} not confirmed dead within 60 s")
        client.append((time.time() - t0) * 1000)
    db = sqlite3.connect(f"{work}/ledger.db")
    ledger = [r[0] for r in db.execute(
        "SELECT s.confirmed_dead_at - a.received_at FROM github_alerts a JOIN secrets s ON s.finding_id = a.finding_id"
        " WHERE a.outcome = 'queued'")]
    print(f"{n} alerts: alert received -> confirmed dead (ledger timestamps): median {statistics.median(ledger):.0f} ms,"
          f" p90 {pct(ledger, 90):.0f} ms, max {max(ledger):.0f} ms")
    print(f"{n} alerts: POST sent -> confirmed_dead seen by a client: median {statistics.median(client):.0f} ms,"
          f" p90 {pct(client, 90):.0f} ms, max {max(client):.0f} ms")


def takeover():
    config()
    start(["dev-issuer", "--port", str(ISSUER_PORT), "--db", f"{work}/issuer.db"], "issuer.log")
    wait_listening("issuer.log")
    os.makedirs(f"{work}/repo")
    with open(f"{work}/repo/keys.env", "w") as f:
        for i in range(60):
            f.write(f"KEY_{i}={new_key(i)}\n")
    os.rename(f"{work}/.keyhound.toml", f"{work}/repo/.keyhound.toml")
    subprocess.run(["java", "-jar", JAR, "scan", f"{work}/repo", "--no-git", "--verify", "--quiet", "--format", "json",
                    "--ledger", f"{work}/ledger.db"], env=env, stdout=subprocess.DEVNULL, cwd=work)
    cfg = ["--config", f"{work}/repo/.keyhound.toml", "--ledger", f"{work}/ledger.db", "--port", str(SERVE_PORT)]
    slow = start(["serve", "--verify-rps", "5"] + cfg, "serve-a.log")
    wait_listening("serve-a.log")
    db = sqlite3.connect(f"{work}/ledger.db", timeout=10)
    while db.execute("SELECT COUNT(*) FROM actions WHERE state = 'done' AND kind = 'revoke'").fetchone()[0] < 3:
        time.sleep(0.01)
    # Kill while a revocation is claimed (the slow serve spends most of its time holding one).
    while db.execute("SELECT COUNT(*) FROM actions WHERE state = 'attempting' AND kind = 'revoke'").fetchone()[0] == 0:
        time.sleep(0.002)
    killed = time.time() * 1000
    slow.send_signal(signal.SIGKILL)
    slow.wait()
    start(["serve"] + cfg, "serve-b.log")
    taken = None
    while ledger_count("confirmed_dead") < 60:
        if taken is None:
            row = db.execute("SELECT MIN(finished_at) FROM action_attempts WHERE outcome = 'interrupted'").fetchone()
            taken = row[0]
        time.sleep(0.01)
        if time.time() * 1000 - killed > 120_000:
            raise SystemExit("not all confirmed dead within 120 s")
    done = time.time() * 1000
    if taken is None:
        taken = db.execute("SELECT MIN(finished_at) FROM action_attempts WHERE outcome = 'interrupted'").fetchone()[0]
    if taken is None:  # the claim seen just before the kill was finished before the kill landed
        print(f"no claim was held at the SIGKILL (run again); all 60 keys confirmed dead {done - killed:.0f} ms after it")
        return
    print(f"takeover after SIGKILL: the killed serve's claim taken over {taken - killed:.0f} ms after the kill"
          f" (lease 30 s); all 60 keys confirmed dead {done - killed:.0f} ms after the kill")


try:
    alerts(int(sys.argv[3]) if len(sys.argv) > 3 else 100) if MODE == "alerts" else takeover()
finally:
    for p in procs:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
    subprocess.run(["rm", "-rf", work])
