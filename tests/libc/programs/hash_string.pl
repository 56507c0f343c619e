# Real-program workload for librtmem_malloc.so: perl hashes and strings.
# Deterministic output (sorted keys, no addresses).
use strict;
use warnings;
use Digest::MD5 qw(md5_hex);

my $rounds = shift // 5;
my $ctx = Digest::MD5->new;
for my $r (1 .. $rounds) {
    my %h;
    my $x = $r;
    for my $i (1 .. 80000) {
        $x = ($x * 1103515245 + 12345) % 2147483648;
        my $k = sprintf("k%05d", $x % 40000);
        $h{$k} .= chr(97 + $x % 26);
    }
    my @keys = sort keys %h;
    my $long = join("|", map { $_ . "=" . $h{$_} } @keys);
    (my $sub = $long) =~ s/k0/K/g;
    my @parts = split /\|/, $sub;
    my %rev = map { scalar(reverse $_) => length $_ } @parts;
    my $total = 0;
    $total += $_ for values %rev;
    my @arr = map { [ $_, $_ * 2, "x" x ($_ % 50) ] } 1 .. 30000;
    my $alen = 0;
    $alen += length $_->[2] for @arr;
    $ctx->add($sub);
    printf "round %d: keys=%d long=%d parts=%d rev=%d total=%d alen=%d first=%s\n",
        $r, scalar(@keys), length($long), scalar(@parts), scalar(keys %rev), $total, $alen, $keys[0];
}
print "digest ", $ctx->hexdigest, "\n";
