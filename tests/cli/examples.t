#!/usr/bin/perl
# examples.t - every shell example of README.md and of the EXAMPLES
# sections of man/*.1, man/*.5 and man/*.7 is run as written, in order,
# and what it shows is what it prints.
#
# What an example is:
#
#   README.md   every indented code block, and every fenced one whose info
#               string is empty, sh, shell, bash or console (a block fenced
#               as ini, markdown, text... is not shell and not run).
#   man pages   every .Bd -literal block of the EXAMPLES section that holds
#               a line beginning "$ " (a literal block without one is data,
#               such as the journal of wl-journal(5)).  Roff escapes are
#               read as mandoc renders them (\e is \, \(em is an em dash).
#
# In a block with "$ " lines, each "$ " line is a command; the lines up to
# the next "$ " line are what it prints (standard output and standard
# error, as on a terminal).  A command goes on over the next lines while
# it is incomplete (a trailing \ or |, an open quote, a for loop, a here
# document), a leading "> " (the shell's PS2) taken off.  In a block
# without "$ " lines every line is a command and what they print is not
# shown, so not compared.
#
# What is compared: the output, line by line, trailing blanks aside.  Ids
# are random: a 16-hex id in the page matches any id, the same one each
# time it appears (page id -> real id, both ways one to one), and an id or
# id prefix in a later command is replaced by the real id it stands for;
# an id shortened to its first digits and an ellipsis ("5d742c9c…", as
# wl-report diff writes them) matches any such, and the real id's when
# the page's id it begins is known.  A line "..." matches any number of lines (output abridged); "..." in a
# line matches any text (a line shortened).
#
# Exit status: 0, unless the next command is "echo $?", whose shown
# output then says what the status is.
#
# Not run: a README block preceded by "<!-- not run: REASON -->", or a
# command preceded in its block by the line "# not run: REASON"; in a
# page, a block or command preceded by the line '.\" not run: REASON'.
# Each counts as a skipped test, with its reason.
#
# Where they run: each page (README.md, each manual page) in one shell,
# on a terminal (script(1)), in order, in a new empty directory, with
# standard input /dev/null unless the example gives it one, the programs
# of $WL_BIN first on PATH, WL_NOW=2026-06-14T09:30:00Z, no WL_JOURNAL,
# WL_SESSION or WL_LANG, HOME in the directory and a git identity.  An
# example that needs pandoc, jq or git is skipped where that is missing.
# The installed data directory /usr/local/share/wl in a command is read as
# $WL_DATADIR (the source's share/).  README.md runs at the top of a built
# source tree: its directory has bin/ (the programs) and share/ (the data).
#
# WL_EXAMPLES_SHOW=1 shows what each passing command printed, to write a
# new example's output from.
use strict;
use warnings;
use File::Temp qw(tempdir);
use IPC::Open2;
use POSIX ();
use Cwd qw(abs_path);

my $bin = $ENV{WL_BIN} or die "WL_BIN names the directory of the binaries\n";
my $data = $ENV{WL_DATADIR} or die "WL_DATADIR names the share directory\n";
my $src = $ENV{WL_SRC} // "$data/..";
# Nothing here is timed; WL_WAIT (seconds) only ends a wait for a shell
# or a command that hangs, far beyond what a busy machine needs.
my $wait = $ENV{WL_WAIT} || 300;
$_ = abs_path($_) for $bin, $data, $src;

my $n = 0;
my $failed = 0;
my @summary;

sub ok_test {
	my ($ok, $desc, @diag) = @_;
	$n++;
	print(($ok ? "ok" : "not ok"), " $n - $desc\n");
	unless ($ok) {
		$failed++;
		print map { "#   $_\n" } map { split /\n/ } @diag;
	}
}

if (system("command -v script >/dev/null 2>&1 && script -qec true /dev/null"
    . " >/dev/null 2>&1 </dev/null") != 0) {
	print "1..0 # SKIP no script(1) to give the examples a terminal\n";
	exit 0;
}

# --- reading the examples ----------------------------------------------------

# roff escapes in a literal block, as mandoc renders them
my %glyph = ('em' => "\x{2014}", 'en' => "\x{2013}", '->' => "\x{2192}",
    'aq' => "'", 'dq' => '"', 'lq' => "\x{201c}", 'rq' => "\x{201d}",
    'ga' => '`', 'ti' => '~', 'ha' => '^', 'rs' => '\\',
    'u2026' => "\x{2026}");
sub unroff {
	my ($s, $where) = @_;
	$s =~ s{\\(?:(e)|\((..)|\[([^\]]+)\]|(&)|(-)|(.))}{
		defined $1 ? '\\'
		: defined $2 || defined $3 ? ($glyph{$2 // $3}
		    // die "$where: escape \\($2 not known to examples.t\n")
		: defined $4 ? ''
		: defined $5 ? '-'
		: die "$where: escape \\$6 not known to examples.t\n"
	}ge;
	return $s;
}

# blocks of a file: [first line number, [lines], not-run reason or undef]
sub readme_blocks {
	my ($file) = @_;
	open my $fh, '<:encoding(UTF-8)', $file or die "$file: $!\n";
	my @l = <$fh>;
	chomp @l;
	my (@blocks, $notrun);
	my $i = 0;
	while ($i < @l) {
		my $line = $l[$i];
		if ($line =~ /^<!--\s*not run:\s*(.*?)\s*-->\s*$/) {
			$notrun = $1;
			$i++;
			next;
		}
		if ($line =~ /^(```+|~~~+)\s*([\w-]*)/) {
			my ($fence, $info) = ($1, $2);
			my $start = $i + 1;
			my @b;
			$i++;
			while ($i < @l && $l[$i] !~ /^\Q$fence\E\s*$/) {
				push @b, $l[$i++];
			}
			$i++;
			push @blocks, [$start + 1, \@b, $notrun]
			    if $info =~ /^(|sh|shell|bash|console)$/;
			undef $notrun;
			next;
		}
		if ($line =~ /^(    |\t)/ && ($i == 0 || $l[$i - 1] =~ /^\s*$/ ||
		    defined $notrun)) {
			my $start = $i;
			my @b;
			while ($i < @l && ($l[$i] =~ /^(    |\t)/ ||
			    ($l[$i] =~ /^\s*$/ && $i + 1 < @l &&
			    $l[$i + 1] =~ /^(    |\t)/))) {
				(my $x = $l[$i++]) =~ s/^(    |\t)//;
				push @b, $x;
			}
			push @blocks, [$start + 1, \@b, $notrun];
			undef $notrun;
			next;
		}
		undef $notrun if $line !~ /^\s*$/;
		$i++;
	}
	return @blocks;
}

sub man_blocks {
	my ($file) = @_;
	open my $fh, '<:encoding(UTF-8)', $file or die "$file: $!\n";
	my @l = <$fh>;
	chomp @l;
	my (@blocks, $notrun, $in);
	for (my $i = 0; $i < @l; $i++) {
		if ($l[$i] =~ /^\.Sh\s+(.*)/) {
			$in = $1 eq 'EXAMPLES';
			next;
		}
		next unless $in;
		if ($l[$i] =~ /^\.\\"\s*not run:\s*(.*?)\s*$/) {
			$notrun = $1;
			next;
		}
		if ($l[$i] =~ /^\.Bd\s+-literal/) {
			my $start = $i + 1;
			my @b;
			for ($i++; $i < @l && $l[$i] !~ /^\.Ed/; $i++) {
				if ($l[$i] =~ /^\.\\"\s*not run:\s*(.*?)\s*$/) {
					push @b, "# not run: $1";
				} elsif ($l[$i] =~ /^\.\\"/) {
					next;
				} elsif ($l[$i] =~ /^\./) {
					die "$file:" . ($i + 1) .
					    ": a request in an example\n";
				} else {
					push @b, unroff($l[$i], "$file:" . ($i + 1));
				}
			}
			push @blocks, [$start + 1, \@b, $notrun]
			    if grep { /^\$( |$)/ } @b;
			undef $notrun;
			next;
		}
		undef $notrun if $l[$i] !~ /^\.\\"/;
	}
	return @blocks;
}

# complete SHELL-TEXT: true when the shell can parse it as it is
sub complete {
	my ($cmd) = @_;
	return 0 if $cmd =~ /\\$/;
	my $pid = open2(my $out, my $in, 'sh -n 2>&1');
	binmode $in, ':encoding(UTF-8)';
	print $in $cmd, "\n";
	close $in;
	my $err = do { local $/; <$out> };
	waitpid $pid, 0;
	return $? == 0;
}

# steps of a block: {where, cmd, exp (lines or undef), notrun}
sub steps {
	my ($file, $block) = @_;
	my ($first, $lines, $blocknotrun) = @$block;
	my $console = grep { /^\$( |$)/ } @$lines;
	my (@steps, $notrun);
	my $i = 0;
	while ($i < @$lines) {
		my $line = $lines->[$i];
		my $where = "$file:" . ($first + $i);
		if ($line =~ /^#\s*not run:\s*(.*?)\s*$/) {
			$notrun = $1;
			$i++;
			next;
		}
		if ($console && $line !~ /^\$( |$)/) {
			die "$where: output before any command\n";
		}
		if (!$console && ($line =~ /^\s*$/ || $line =~ /^\s*#/)) {
			$i++;
			next;
		}
		my $cmd = $line;
		$cmd =~ s/^\$ ?// if $console;
		$i++;
		# here documents: the lines up to their delimiter
		my @heredocs;
		my $grow = sub {
			push @heredocs, $1 while $_[0] =~ /<<-?\s*['"]?(\w+)['"]?/g;
		};
		$grow->($cmd);
		for (;;) {
			while (@heredocs && $i < @$lines) {
				my $d = shift @heredocs;
				while ($i < @$lines) {
					my $h = $lines->[$i++];
					$cmd .= "\n$h";
					last if $h =~ /^\t*\Q$d\E$/;
				}
			}
			last if complete($cmd) || $i >= @$lines ||
			    ($console && $lines->[$i] =~ /^\$( |$)/);
			my $more = $lines->[$i++];
			$more =~ s/^> ?// if $console;
			$grow->($more);
			$cmd .= "\n$more";
		}
		my @exp;
		if ($console) {
			while ($i < @$lines && $lines->[$i] !~ /^\$( |$)/ &&
			    $lines->[$i] !~ /^#\s*not run:/) {
				push @exp, $lines->[$i++];
			}
			pop @exp while @exp && $exp[-1] =~ /^\s*$/;
		}
		push @steps, { where => $where, cmd => $cmd,
		    exp => $console ? \@exp : undef,
		    notrun => $blocknotrun // $notrun };
		undef $notrun;
	}
	for my $k (0 .. $#steps - 1) {
		$steps[$k]{anystatus} = 1 if $steps[$k + 1]{cmd} eq 'echo $?';
	}
	return @steps;
}

# --- running them --------------------------------------------------------------

# A shell on a terminal that runs the commands it is given one by one.
sub start_shell {
	my ($dir) = @_;
	mkdir "$dir/.ex" or die "$dir/.ex: $!\n";
	POSIX::mkfifo("$dir/.ex/fifo", 0600) or die "mkfifo: $!\n";
	open my $d, '>', "$dir/.ex/driver" or die "$!\n";
	print $d <<'EOF';
exec 3<"$WL_EX/fifo"
cd "$WL_EX/.." || exit 1
while IFS= read -r __wl_ex_n <&3; do
	(exit "${__wl_ex_rc:-0}")
	. "$WL_EX/$__wl_ex_n" </dev/null 3<&-
	__wl_ex_rc=$?
	printf '\036%s %s\036\n' "$__wl_ex_n" "$__wl_ex_rc"
done
EOF
	close $d;
	local $ENV{WL_EX} = "$dir/.ex";
	my $pid = open2(my $out, my $in, 'script', '-qfec',
	    "exec sh \"\$WL_EX/driver\"", '/dev/null');
	local $SIG{ALRM} = sub {
		die "the shell did not start in $wait s (WL_WAIT)\n" };
	alarm $wait;
	open my $fifo, '>', "$dir/.ex/fifo" or die "fifo: $!\n";
	alarm 0;
	$fifo->autoflush(1);
	return { pid => $pid, out => $out, in => $in, fifo => $fifo,
	    dir => "$dir/.ex", k => 0, buf => '' };
}

# run SHELL CMD: (status, output) of CMD, or (undef, what went wrong)
sub run_cmd {
	my ($sh, $cmd) = @_;
	my $k = ++$sh->{k};
	open my $f, '>:encoding(UTF-8)', "$sh->{dir}/$k" or die "$!\n";
	print $f "$cmd\n";
	close $f;
	my $ok = eval {
		local $SIG{ALRM} = sub {
			die "no answer after $wait s (WL_WAIT)\n" };
		local $SIG{PIPE} = sub { die "the shell is gone\n" };
		alarm $wait;
		print {$sh->{fifo}} "$k\n";
		until ($sh->{buf} =~ /\036\Q$k\E (\d+)\036\r?\n/) {
			my $r = sysread $sh->{out}, $sh->{buf}, 65536,
			    length $sh->{buf};
			die "the shell is gone\n" unless $r;
		}
		alarm 0;
		1;
	};
	unless ($ok) {
		alarm 0;
		my $out = $sh->{buf};
		$sh->{buf} = '';
		$sh->{dead} = 1;
		return (undef, "$@" . $out);
	}
	$sh->{buf} =~ s/^(.*?)\036\Q$k\E (\d+)\036\r?\n//s;
	my ($out, $rc) = ($1, $2);
	$out =~ s/\r//g;
	utf8::decode($out);
	return ($rc, $out);
}

sub stop_shell {
	my ($sh) = @_;
	close $sh->{fifo};
	close $sh->{in};
	local $SIG{ALRM} = sub { kill 'KILL', $sh->{pid} };
	alarm 10;
	waitpid $sh->{pid}, 0;
	alarm 0;
}

# --- comparing -----------------------------------------------------------------

my (%map, %rmap);	# page id -> real id, and back

# try EXPECTED ACTUAL: the line matches (and the ids it names are learnt)
sub try_line {
	my ($exp, $act) = @_;
	s/\s+$// for $exp, $act;
	my (@ids, @short, $re);
	for my $part (split /(\.\.\.|(?<![0-9a-f])[0-9a-f]{16}(?![0-9a-f])|(?<![0-9a-f])[0-9a-f]{4,15}\x{2026})/, $exp) {
		if ($part eq '...') {
			$re .= '.*';
		} elsif ($part =~ /^[0-9a-f]{16}$/) {
			push @ids, $part;
			$re .= '([0-9a-f]{16})';
		} elsif ($part =~ /^([0-9a-f]+)\x{2026}$/) {
			push @short, $1;
			$re .= '([0-9a-f]{' . length($1) . '})\x{2026}';
		} else {
			$re .= quotemeta $part;
		}
	}
	$re //= '';
	my @got = $act =~ /^$re$/ or return 0;
	@got = () unless @ids || @short;
	# A shortened id (its first digits and an ellipsis) stands for the
	# id of the page it begins, when one is known: the real one's.
	my @gshort = splice @got, 0;
	my $k = 0;
	for my $part (split /(\.\.\.|(?<![0-9a-f])[0-9a-f]{16}(?![0-9a-f])|(?<![0-9a-f])[0-9a-f]{4,15}\x{2026})/, $exp) {
		if ($part =~ /^[0-9a-f]{16}$/) {
			push @got, $gshort[$k++];
		} elsif ($part =~ /^([0-9a-f]+)\x{2026}$/) {
			my ($p, $g) = ($1, $gshort[$k++]);
			my @c = grep { index($_, $p) == 0 } keys %map;
			return 0 if @c == 1 && index($map{$c[0]}, $g) != 0;
			my @r = grep { index($_, $g) == 0 } keys %rmap;
			return 0 if @r == 1 && index($rmap{$r[0]}, $p) != 0;
		}
	}
	my (%m, %r);
	for my $i (0 .. $#ids) {
		my ($p, $g) = ($ids[$i], $got[$i]);
		return 0 if ($map{$p} // $m{$p} // $g) ne $g;
		return 0 if ($rmap{$g} // $r{$g} // $p) ne $p;
		$m{$p} = $g;
		$r{$g} = $p;
	}
	@map{keys %m} = values %m;
	@rmap{keys %r} = values %r;
	return 1;
}

sub match_lines {
	my ($exp, $act) = @_;
	my ($i, $j) = (0, 0);
	while ($i < @$exp) {
		if ($exp->[$i] =~ /^\s*\.\.\.\s*$/) {
			$i++;
			return 1 if $i == @$exp;
			$j++ until $j >= @$act || try_line($exp->[$i], $act->[$j]);
			return 0 if $j >= @$act;
		} else {
			return 0 unless $j < @$act && try_line($exp->[$i], $act->[$j]);
		}
		$i++;
		$j++;
	}
	return $j == @$act;
}

# the command with the page's ids (or prefixes of 4 or more) made real,
# and the installed data directory made the source's
sub realise {
	my ($cmd) = @_;
	$cmd =~ s{(?<![\w.:/-])([0-9a-f]{4,16})(?![\w.:/-])}{
		my $p = $1;
		my @c = grep { index($_, $p) == 0 } keys %map;
		@c == 1 ? $map{$c[0]} : $p
	}ge;
	$cmd =~ s{/usr/local/share/wl(?=/|\b)}{$data}g;
	return $cmd;
}

# --- the pages -----------------------------------------------------------------

# Tools that some examples use and the tests may lack: such an example
# is skipped, with a note, where its tool is not installed.
my @optional = qw(pandoc jq git);

my @pages = ('README.md', map { "man/$_" } qw(wl.7 wl-journal.5 wl-session.1
    wl-note.1 wl-advice.1 wl-report.1));

$ENV{PATH} = "$bin:$ENV{PATH}";
$ENV{WL_DATADIR} = $data;
delete @ENV{qw(WL_JOURNAL WL_SESSION WL_LANG)};
$ENV{WL_NOW} = '2026-06-14T09:30:00Z';
$ENV{GIT_CONFIG_NOSYSTEM} = 1;
@ENV{qw(GIT_AUTHOR_NAME GIT_COMMITTER_NAME)} = ('Anna', 'Anna');
@ENV{qw(GIT_AUTHOR_EMAIL GIT_COMMITTER_EMAIL)} = ('anna@example.org') x 2;
$ENV{LC_ALL} = 'C.UTF-8';
binmode STDOUT, ':encoding(UTF-8)';

my $top = tempdir('wl-examples.XXXXXX', TMPDIR => 1, CLEANUP => 1);
for my $page (@pages) {
	my @blocks = $page eq 'README.md' ? readme_blocks("$src/$page")
	    : man_blocks("$src/$page");
	my @steps = map { steps($page, $_) } @blocks;
	(my $name = $page) =~ s{.*/}{};
	my $dir = "$top/$name";
	mkdir $dir or die "$dir: $!\n";
	if ($page eq 'README.md') {
		symlink $bin, "$dir/bin" or die "$!\n";
		symlink $data, "$dir/share" or die "$!\n";
	}
	local $ENV{HOME} = $dir;
	%map = %rmap = ();
	my $sh = start_shell($dir);
	my ($ran, $notrun) = (0, 0);
	for my $s (@steps) {
		(my $short = $s->{cmd}) =~ s/\n.*//s;
		my $desc = "$s->{where}: $short";
		if (defined $s->{notrun}) {
			$n++;
			$notrun++;
			print "ok $n # skip $desc (not run: $s->{notrun})\n";
			next;
		}
		my @missing = grep { $s->{cmd} =~ /(?<![\w.\/-])\Q$_\E(?![\w.-])/ &&
		    system("command -v $_ >/dev/null 2>&1") != 0 } @optional;
		if (@missing) {
			$n++;
			$notrun++;
			print "ok $n # skip $desc (no @missing installed)\n";
			next;
		}
		if ($sh->{dead}) {
			ok_test(0, $desc, 'not run: the shell died before');
			next;
		}
		$ran++;
		my $cmd = realise($s->{cmd});
		unless (complete($cmd)) {
			ok_test(0, $desc, "not valid sh: $cmd");
			next;
		}
		my ($rc, $out) = run_cmd($sh, $cmd);
		my @act = split /\n/, $out, -1;
		pop @act while @act && $act[-1] =~ /^\s*$/;
		my @why;
		if (!defined $rc) {
			push @why, "the command did not finish: $out";
		} else {
			push @why, "exit status $rc" if $rc != 0 && !$s->{anystatus};
			if (defined $s->{exp} && !match_lines($s->{exp}, \@act)) {
				push @why, 'output differs from the page';
				push @why, map({ "want: $_" } @{$s->{exp}}),
				    map({ "got:  $_" } @act);
			}
		}
		push @why, "command run: $cmd" if @why && $cmd ne $s->{cmd};
		push @why, "output: $out" if @why && !defined $s->{exp} && defined $rc;
		ok_test(!@why, $desc, @why);
		print map { "#   out: $_\n" } @act if !@why && $ENV{WL_EXAMPLES_SHOW};
	}
	stop_shell($sh);
	push @summary, "$page: $ran run, $notrun not run";
}

print "# $_\n" for @summary;
print "1..$n\n";
exit($failed ? 1 : 0);
