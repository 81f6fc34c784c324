package explore_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// The sharding recipes of docs/exploration.md are checked in under
// docs/exploration; these tests keep them runnable as the CLI changes.

// readYAML decodes the documents of the file at path into vs, in order.
func readYAML(t *testing.T, path string, vs ...any) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	for i, v := range vs {
		if err := dec.Decode(v); err != nil {
			t.Fatalf("%s: document %d: %v", path, i+1, err)
		}
	}
}

func TestTheKubernetesIndexedJobRunsOneShardPerIndex(t *testing.T) {
	var job struct {
		Kind string `yaml:"kind"`
		Spec struct {
			CompletionMode string `yaml:"completionMode"`
			Completions    int    `yaml:"completions"`
			Template       struct {
				Spec struct {
					Containers []struct {
						Command      []string `yaml:"command"`
						Args         []string `yaml:"args"`
						VolumeMounts []struct {
							Name      string `yaml:"name"`
							MountPath string `yaml:"mountPath"`
						} `yaml:"volumeMounts"`
					} `yaml:"containers"`
					Volumes []struct {
						Name string `yaml:"name"`
						PVC  struct {
							ClaimName string `yaml:"claimName"`
						} `yaml:"persistentVolumeClaim"`
					} `yaml:"volumes"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	var claim struct {
		Kind     string `yaml:"kind"`
		Metadata struct {
			Name string `yaml:"name"`
		} `yaml:"metadata"`
		Spec struct {
			AccessModes []string `yaml:"accessModes"`
		} `yaml:"spec"`
	}
	readYAML(t, "../../docs/exploration/indexed-job.yaml", &job, &claim)
	if job.Kind != "Job" || job.Spec.CompletionMode != "Indexed" || job.Spec.Completions < 2 {
		t.Fatalf("want an Indexed Job of several completions, got kind %q, mode %q, %d completions",
			job.Kind, job.Spec.CompletionMode, job.Spec.Completions)
	}
	if len(job.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("want one container, got %d", len(job.Spec.Template.Spec.Containers))
	}
	c := job.Spec.Template.Spec.Containers[0]
	cmd := strings.Join(append(c.Command, c.Args...), " ")
	want := "bgsim explore"
	shards := "--shards " + itoa(job.Spec.Completions)
	if !strings.Contains(cmd, want) || !strings.Contains(cmd, shards) || !strings.Contains(cmd, "--out ") {
		t.Errorf("the container runs %q; want %q with %q (one shard per index) and --out", cmd, want, shards)
	}
	// Every pod writes its shard to --out at once, wherever it runs: the
	// volume there must be a claim that many nodes can mount read-write.
	out := regexp.MustCompile(`--out (\S+)`).FindStringSubmatch(cmd)
	var vol string
	for _, m := range c.VolumeMounts {
		if out != nil && m.MountPath == out[1] {
			vol = m.Name
		}
	}
	var claimName string
	for _, v := range job.Spec.Template.Spec.Volumes {
		if vol != "" && v.Name == vol {
			claimName = v.PVC.ClaimName
		}
	}
	if claimName == "" {
		t.Errorf("--out of %q is not on a volume of a persistentVolumeClaim", cmd)
	} else if claim.Kind != "PersistentVolumeClaim" || claim.Metadata.Name != claimName || !slices.Contains(claim.Spec.AccessModes, "ReadWriteMany") {
		t.Errorf("want the claim %s beside the Job, ReadWriteMany for the pods writing at once; got %s %q with access modes %v",
			claimName, claim.Kind, claim.Metadata.Name, claim.Spec.AccessModes)
	}
	// The pod's exit decides whether the Job retries the index: only
	// explore's exit 1 (a property broke, the result is written) may pass.
	checkExits(t, c.Command[0], append(c.Command[1:], c.Args...), []exitCase{
		{goRC: 0, bgsimRC: 0, pass: true},
		{goRC: 0, bgsimRC: 1, pass: true},
		{goRC: 0, bgsimRC: 2, pass: false},
		{goRC: 1, bgsimRC: 0, pass: false}, // the install failed: nothing ran
	})
}

// exitCase is how the stand-ins for go and bgsim exit, and whether the
// recipe's command must then succeed.
type exitCase struct {
	goRC, bgsimRC int
	pass          bool
}

// checkExits runs a recipe's shell command with go and bgsim replaced by
// scripts that exit as each case says, and checks the command's exit.
func checkExits(t *testing.T, shell string, args []string, cases []exitCase) {
	t.Helper()
	sh, err := exec.LookPath(shell)
	if err != nil {
		t.Skipf("no %s to run the recipe's command: %v", shell, err)
	}
	bin := t.TempDir()
	for _, name := range []string{"go", "bgsim"} {
		rc := "$" + strings.ToUpper(name) + "_RC"
		script := "#!" + sh + "\nexit " + rc + "\n"
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cases {
		cmd := exec.Command(sh, args...)
		cmd.Env = []string{"PATH=" + bin, "GO_RC=" + itoa(c.goRC), "BGSIM_RC=" + itoa(c.bgsimRC)}
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatalf("%s %q: %v", sh, args, err)
		}
		if pass := err == nil; pass != c.pass {
			t.Errorf("go install exiting %d, bgsim %d: the command %q passed=%v (%v, %s), want %v",
				c.goRC, c.bgsimRC, strings.Join(args, " "), pass, err, out, c.pass)
		}
	}
}

// workflowStep is a step of a GitHub Actions job, as far as the tests read it.
type workflowStep struct {
	Run  string `yaml:"run"`
	Uses string `yaml:"uses"`
	If   string `yaml:"if"`
	With struct {
		Path string `yaml:"path"`
	} `yaml:"with"`
}

func TestTheGitHubActionsMatrixRunsEveryShardAndMerges(t *testing.T) {
	var wf struct {
		Jobs map[string]struct {
			Needs    any `yaml:"needs"`
			Strategy struct {
				Matrix struct {
					Shard []int `yaml:"shard"`
				} `yaml:"matrix"`
			} `yaml:"strategy"`
			Steps []workflowStep `yaml:"steps"`
		} `yaml:"jobs"`
	}
	readYAML(t, "../../docs/exploration/github-actions.yml", &wf)
	shard, merge := wf.Jobs["shard"], wf.Jobs["merge"]
	n := len(shard.Strategy.Matrix.Shard)
	if n < 2 {
		t.Fatalf("want a matrix of shards, got %v", shard.Strategy.Matrix.Shard)
	}
	for i, s := range shard.Strategy.Matrix.Shard {
		if s != i {
			t.Fatalf("matrix shards %v: want 0..%d", shard.Strategy.Matrix.Shard, n-1)
		}
	}
	runs := func(steps []workflowStep) string {
		var all []string
		for _, s := range steps {
			all = append(all, s.Run)
		}
		return strings.Join(all, "\n")
	}
	if r := runs(shard.Steps); !strings.Contains(r, "bgsim explore") || !strings.Contains(r, "--shard ${{ matrix.shard }}/"+itoa(n)) {
		t.Errorf("the shard job runs %q; want bgsim explore --shard ${{ matrix.shard }}/%d", r, n)
	}
	if merge.Needs != "shard" || !strings.Contains(runs(merge.Steps), "bgsim explore merge") {
		t.Errorf("want a merge job after the shards running bgsim explore merge, got needs %v, runs %q", merge.Needs, runs(merge.Steps))
	}
	// GitHub runs each step with bash -eo pipefail: a shard passes on
	// explore's exit 1 (its result is uploaded, the merge decides), and
	// the merge fails the run on it.
	for _, job := range []struct {
		name  string
		steps []workflowStep
		on1   bool
	}{{"shard", shard.Steps, true}, {"merge", merge.Steps, false}} {
		for _, st := range job.steps {
			if !strings.Contains(st.Run, "bgsim explore") {
				continue
			}
			script := strings.ReplaceAll(st.Run, "${{ matrix.shard }}", "0")
			checkExits(t, "bash", []string{"--noprofile", "--norc", "-eo", "pipefail", "-c", script}, []exitCase{
				{bgsimRC: 0, pass: true},
				{bgsimRC: 1, pass: job.on1},
				{bgsimRC: 2, pass: false},
			})
		}
	}
	// A JUnit report the merge writes is kept, also when the merge fails
	// (exit 1 is when it matters).
	if m := regexp.MustCompile(`--junit (\S+)`).FindStringSubmatch(runs(merge.Steps)); m != nil {
		kept := false
		for _, s := range merge.Steps {
			if strings.HasPrefix(s.Uses, "actions/upload-artifact") && s.If == "always()" && slices.Contains(strings.Fields(s.With.Path), m[1]) {
				kept = true
			}
		}
		if !kept {
			t.Errorf("the merge writes --junit %s but no step uploads it with if: always()", m[1])
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
