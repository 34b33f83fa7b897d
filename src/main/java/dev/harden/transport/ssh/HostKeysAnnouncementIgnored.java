package dev.harden.transport.ssh;

import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.helpers.AbstractConnectionServiceRequestHandler;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Takes OpenSSH's {@code hostkeys-00@openssh.com} announcement (sent after every login: all of
 * the server's host keys, for clients that update their known_hosts) without reading it. harden
 * pins host keys in the inventory and never learns them this way, and MINA's own handler parses
 * each announced key only to log it: with BouncyCastle, parsing the RSA key validates its modulus,
 * which was nine tenths of the controller's CPU in a plan (bench/RESULTS.md).
 */
final class HostKeysAnnouncementIgnored extends AbstractConnectionServiceRequestHandler {

    static final String REQUEST = "hostkeys-00@openssh.com";
    static final HostKeysAnnouncementIgnored INSTANCE = new HostKeysAnnouncementIgnored();

    private HostKeysAnnouncementIgnored() {
    }

    @Override
    public RequestHandler.Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer) {
        if (!REQUEST.equals(request)) {
            return RequestHandler.Result.Unsupported;
        }
        // OpenSSH sends it without asking for a reply; one that asks is told the request failed
        return wantReply ? RequestHandler.Result.ReplyFailure : RequestHandler.Result.Replied;
    }
}
