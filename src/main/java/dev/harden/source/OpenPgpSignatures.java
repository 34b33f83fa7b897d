package dev.harden.source;

import dev.harden.HardenException;
import dev.harden.source.CommitSignature.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPComponentKey;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPUserId;
import org.bouncycastle.openpgp.api.OpenPGPDetachedSignatureProcessor;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.api.OpenPGPSignature;
import org.bouncycastle.openpgp.api.OpenPGPSignature.OpenPGPDocumentSignature;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * Checks OpenPGP commit signatures against the public keys in the policy's key files, and
 * nothing else: never the operator's ~/.gnupg or $GNUPGHOME.
 *
 * <p>JGit's own OpenPGP verifier (org.eclipse.jgit.gpg.bc) cannot be given keys: it looks them
 * up in the GnuPG home folder, chosen once per process, and has no API for a keyring. So this
 * verifier uses BouncyCastle's OpenPGP API directly (the library JGit's module is built on). The
 * signature must verify, its key must be bound to its certificate, be a signing key, be neither
 * expired nor revoked at the time the signature was made, and pass BouncyCastle's default
 * algorithm policy (no SHA-1, no weak keys), as a careful {@code gpg --verify} would judge it.
 */
final class OpenPgpSignatures {

    private final List<OpenPGPCertificate> certificates;

    private OpenPgpSignatures(List<OpenPGPCertificate> certificates) {
        this.certificates = List.copyOf(certificates);
    }

    /** The certificates (public keys) in {@code files} (none: no OpenPGP signature is trusted). */
    static OpenPgpSignatures load(List<Path> files) {
        List<OpenPGPCertificate> certificates = new ArrayList<>();
        for (Path file : files) {
            List<OpenPGPCertificate> found;
            try {
                found = new OpenPGPKeyReader().parseCertificates(Files.readAllBytes(file));
            } catch (IOException | RuntimeException e) {
                throw new HardenException("--trusted-keys " + file + ": not a file of OpenPGP public keys ("
                        + e.getMessage() + "); export them with gpg --export --armor KEYID > FILE"
                        + " (a keybox such as pubring.kbx is not read, nor secret keys)");
            }
            if (found.isEmpty()) {
                throw new HardenException("--trusted-keys " + file + ": holds no OpenPGP public key;"
                        + " export them with gpg --export --armor KEYID > FILE");
            }
            certificates.addAll(found);
        }
        return new OpenPgpSignatures(certificates);
    }

    /** Serialised: BouncyCastle's certificates keep lazily computed state, and hosts are checked concurrently. */
    synchronized CommitSignature verify(String commit, SignedCommit signed) {
        PGPSignature signature;
        try {
            signature = parse(signed.signature());
        } catch (IOException | RuntimeException e) {
            return new CommitSignature(commit, Status.UNSUPPORTED, "", "", "unreadable OpenPGP signature");
        }
        KeyIdentifier issuer = OpenPGPSignature.getMostExpressiveIdentifier(signature.getKeyIdentifiers());
        if (issuer == null) {
            return new CommitSignature(commit, Status.UNSUPPORTED, "", "", "the OpenPGP signature names no key");
        }
        for (OpenPGPCertificate certificate : certificates) {
            OpenPGPComponentKey key = certificate.getSigningKeyFor(signature);
            if (key != null) {
                return verify(commit, signed, signature, certificate);
            }
        }
        return new CommitSignature(commit, Status.UNKNOWN_KEY, "", "OpenPGP key " + display(issuer),
                certificates.isEmpty() ? "no --trusted-keys file was given to check OpenPGP signatures with"
                        : "not in the --trusted-keys files");
    }

    private static CommitSignature verify(String commit, SignedCommit signed, PGPSignature signature,
                                          OpenPGPCertificate certificate) {
        String key = describe(certificate);
        List<String> problems = new ArrayList<>();
        List<OpenPGPDocumentSignature> checked;
        try {
            checked = new OpenPGPDetachedSignatureProcessor()
                    .addSignature(signature)
                    .addVerificationCertificate(certificate)
                    .setExceptionCallback(e -> problems.add(e.getMessage()))
                    .process(new ByteArrayInputStream(signed.data()));
        } catch (IOException | RuntimeException e) {
            return new CommitSignature(commit, Status.UNSUPPORTED, "", key, String.valueOf(e.getMessage()));
        }
        if (checked.isEmpty()) { // refused before the data was looked at: algorithm policy, malformed
            return new CommitSignature(commit, Status.UNSUPPORTED, "", key,
                    problems.isEmpty() ? "BouncyCastle refused the signature" : String.join("; ", problems));
        }
        OpenPGPDocumentSignature document = checked.get(0);
        if (!document.isTestedCorrect()) {
            return new CommitSignature(commit, Status.BAD_SIGNATURE, "", key, "");
        }
        Date made = document.getCreationTime();
        OpenPGPComponentKey issuer = document.getIssuer();
        try {
            if (certificate.getPrimaryKey().getRevocation(made) != null || issuer.getRevocation(made) != null) {
                return new CommitSignature(commit, Status.REVOKED, "", key, "");
            }
            Date expiry = earliest(certificate.getPrimaryKey().getKeyExpirationDateAt(made),
                    issuer.getKeyExpirationDateAt(made));
            if (expiry != null && expiry.before(made)) {
                return new CommitSignature(commit, Status.EXPIRED, "", key, "the key expired on " + expiry.toInstant()
                        + ", before the signature was made on " + made.toInstant());
            }
            if (!document.isValid()) {
                return new CommitSignature(commit, Status.NOT_ALLOWED, "", key, "not a valid signing key of its"
                        + " certificate on " + made.toInstant());
            }
        } catch (PGPException | RuntimeException e) {
            return new CommitSignature(commit, Status.NOT_ALLOWED, "", key, String.valueOf(e.getMessage()));
        }
        OpenPGPUserId user = certificate.getPrimaryUserId(made);
        return new CommitSignature(commit, Status.TRUSTED, user == null ? "" : user.getUserId(), key, "");
    }

    private static PGPSignature parse(byte[] armored) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
            Object object = new BcPGPObjectFactory(in).nextObject();
            if (object instanceof PGPSignatureList list && !list.isEmpty()) {
                return list.get(0);
            }
            throw new IOException("not an OpenPGP signature");
        }
    }

    private static Date earliest(Date a, Date b) {
        if (a == null) {
            return b;
        }
        return b == null || a.before(b) ? a : b;
    }

    /** "OpenPGP Ed25519 3A1B...": the algorithm and fingerprint of the certificate's primary key. */
    private static String describe(OpenPGPCertificate certificate) {
        PGPPublicKey primary = certificate.getPrimaryKey().getPGPPublicKey();
        return "OpenPGP " + algorithm(primary) + " " + HexFormat.of().withUpperCase()
                .formatHex(primary.getFingerprint());
    }

    private static String algorithm(PGPPublicKey key) {
        return switch (key.getAlgorithm()) {
            case PublicKeyAlgorithmTags.RSA_GENERAL -> "RSA" + key.getBitStrength();
            case PublicKeyAlgorithmTags.DSA -> "DSA" + key.getBitStrength();
            case PublicKeyAlgorithmTags.ECDSA -> "ECDSA";
            case PublicKeyAlgorithmTags.EDDSA_LEGACY, PublicKeyAlgorithmTags.Ed25519 -> "Ed25519";
            case PublicKeyAlgorithmTags.Ed448 -> "Ed448";
            default -> "algorithm " + key.getAlgorithm();
        };
    }

    private static String display(KeyIdentifier identifier) {
        byte[] fingerprint = identifier.getFingerprint();
        if (fingerprint != null) {
            return HexFormat.of().withUpperCase().formatHex(fingerprint);
        }
        return String.format(Locale.ROOT, "ID %016X", identifier.getKeyId());
    }
}
