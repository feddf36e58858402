// segmentio/kafka-go (Debian golang-github-segmentio-kafka-go-dev, github.com/segmentio/kafka-go) producer /
// consumer for the logtrace scenario recorder. Built in GOPATH mode against Debian's source package, offline.
//
// Logging is set up as a real app commonly does with this kafka-go version (Logger / ErrorLogger are
// *log.Logger): Logger = log.New(os.Stdout, "", log.LstdFlags), ErrorLogger = log.New(os.Stderr, "", log.LstdFlags).
// The app's own lines go through Go's standard logger (stderr, LstdFlags, no prefix).
//
// Producer: a synchronous kafka.Writer (BatchSize 1, so each WriteMessages call is one record); one record every
// -interval seconds, each written by its own goroutine with a context of -timeout-ms (the delivery timeout), and
// its outcome logged in the app's own words: "order %05d not delivered: %v" on error.
// Consumer: a kafka.Reader, ReadMessage in a loop; errors logged as "error reading message: %v". With -group it
// joins that consumer group (GroupID, synchronous commits) -- which kafka-go cannot do against Tansu 0.6.0: Tansu
// answers its JoinGroup v1/v2 with MEMBER_ID_REQUIRED (79, which Kafka returns only to v4+); 0.2.1 logs "rebalance
// failed for consumer group, G: joinGroup failed: [79] : " in a tight loop, 0.4.48 "Failed to join group G: [79]
// Member ID Required: ..." every 5 s. Without -group (what the scenarios use) it reads
// partition 0 from the first offset, in no group, and logs "Partitions assigned (manual assignment, no group)".
// -request-timeout-ms T: the Writer's ReadTimeout and WriteTimeout (kafka-go's default, 10 s, unless given).
// -partitions N (N > 1): the producer's ledger names each record's partition, the one the Writer's balancer
// (kafka-go's default, RoundRobin, wrapped to note its choice) chose for it; absent for a record never balanced.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	kafka "github.com/segmentio/kafka-go"
)

// set by run with -ldflags "-X main.libVersion=..." (the kafka-go source it was built against)
var libVersion = "0.2.1 (Debian golang-github-segmentio-kafka-go-dev)"

func iso(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

type record struct {
	ID        int    `json:"id"`
	SentAt    string `json:"sent_at"`
	Outcome   string `json:"outcome"`
	At        string `json:"at,omitempty"`
	Error     string `json:"error,omitempty"`
	ErrorType string `json:"error_type,omitempty"`
	Partition *int   `json:"partition,omitempty"`
}

type consumed struct {
	Value  string `json:"value"`
	Offset int64  `json:"offset"`
	At     string `json:"at"`
}

type assignment struct {
	At         string `json:"at"`
	Partitions string `json:"partitions"`
}

var (
	bootstrap = flag.String("bootstrap", "", "")
	topic     = flag.String("topic", "", "")
	clientID  = flag.String("client-id", "", "")
	group     = flag.String("group", "", "")
	duration  = flag.Float64("duration", 60, "")
	interval  = flag.Float64("interval", 0.2, "")
	flushWait = flag.Float64("flush-timeout", 15, "")
	timeoutMs = flag.Int("timeout-ms", 10000, "context deadline of one WriteMessages call")
	result    = flag.String("result", "", "")
	requestMs = flag.Int("request-timeout-ms", 0, "the Writer's Read/WriteTimeout in ms (0: kafka-go's default, 10 s)")
	nparts    = flag.Int("partitions", 1, "the topic's partitions (> 1: the ledger names each record's partition)")
)

func writeJSON(v interface{}) {
	data, _ := json.MarshalIndent(v, "", " ")
	if err := os.WriteFile(*result, data, 0o644); err != nil {
		log.Fatalf("cannot write result: %v", err)
	}
}

func value(seq int) string { return fmt.Sprintf("%s/order-%05d", *clientID, seq) }

func dialer() *kafka.Dialer {
	return &kafka.Dialer{ClientID: *clientID, Timeout: 5 * time.Second, DualStack: false}
}

// notingBalancer is kafka-go's default balancer (RoundRobin) noting the partition it chose for each record value.
type notingBalancer struct {
	kafka.RoundRobin
	chosen sync.Map // value -> int
}

func (b *notingBalancer) Balance(msg kafka.Message, partitions ...int) int {
	p := b.RoundRobin.Balance(msg, partitions...)
	b.chosen.Store(string(msg.Value), p)
	return p
}

func producer(stop chan os.Signal) {
	balancer := &notingBalancer{}
	w := kafka.NewWriter(kafka.WriterConfig{
		Balancer:     balancer,
		ReadTimeout:  time.Duration(*requestMs) * time.Millisecond,
		WriteTimeout: time.Duration(*requestMs) * time.Millisecond,
		Brokers:      strings.Split(*bootstrap, ","),
		Topic:        *topic,
		Dialer:       dialer(),
		BatchSize:    1,
		BatchTimeout: 10 * time.Millisecond,
		Logger:       log.New(os.Stdout, "", log.LstdFlags),
		ErrorLogger:  log.New(os.Stderr, "", log.LstdFlags),
	})
	var mu sync.Mutex
	records := map[int]*record{}
	var wg sync.WaitGroup
	log.Printf("Producing to %s every %v", *topic, time.Duration(*interval*float64(time.Second)))
	start := time.Now()
	deadline := start.Add(time.Duration(*duration * float64(time.Second)))
	seq := 0
loop:
	for time.Now().Before(deadline) {
		seq++
		n := seq
		mu.Lock()
		records[n] = &record{ID: n, SentAt: iso(time.Now()), Outcome: "pending"}
		mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), time.Duration(*timeoutMs)*time.Millisecond)
			defer cancel()
			err := w.WriteMessages(ctx, kafka.Message{Value: []byte(value(n))})
			mu.Lock()
			r := records[n]
			r.At = iso(time.Now())
			if p, ok := balancer.chosen.Load(value(n)); ok && *nparts > 1 {
				pp := p.(int)
				r.Partition = &pp
			}
			if err != nil {
				r.Outcome, r.Error, r.ErrorType = "failed", err.Error(), fmt.Sprintf("%T", err)
			} else {
				r.Outcome = "confirmed"
			}
			mu.Unlock()
			if err != nil {
				log.Printf("order %05d not delivered: %v", n, err)
			}
		}()
		next := start.Add(time.Duration(float64(seq) * *interval * float64(time.Second)))
		select {
		case <-time.After(time.Until(next)):
		case <-stop:
			break loop
		}
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Duration(*flushWait * float64(time.Second))):
		log.Printf("Writes still outstanding after %v", time.Duration(*flushWait*float64(time.Second)))
	}
	closed := make(chan error, 1)
	go func() { closed <- w.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			log.Printf("Error closing writer: %v", err)
		}
	case <-time.After(5 * time.Second):
		log.Printf("Writer did not close within 5s")
	}
	mu.Lock()
	defer mu.Unlock()
	out := make([]*record, 0, len(records))
	counts := map[string]int{}
	for _, r := range records {
		out = append(out, r)
		counts[r.Outcome]++
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	log.Printf("Done: sent=%d confirmed=%d failed=%d pending=%d", len(out), counts["confirmed"], counts["failed"], counts["pending"])
	writeJSON(map[string]interface{}{
		"library": "kafka-go", "version": libVersion,
		"config": map[string]interface{}{"client_id": *clientID, "writer": "sync, BatchSize 1, BatchTimeout 10ms, MaxAttempts 10 (default)",
			"read_write_timeout":       map[bool]string{true: "10s (default)", false: (time.Duration(*requestMs) * time.Millisecond).String()}[*requestMs == 0],
			"write_context_timeout_ms": *timeoutMs, "dial_timeout": "5s"},
		"records": out,
	})
}

// assignWatch passes the library's Logger output through and notes each "subscribed to partitions" line.
type assignWatch struct {
	mu          sync.Mutex
	out         io.Writer
	assignments []assignment
}

var subscribedRe = regexp.MustCompile(`subscribed to partitions: (.*)`)

func (a *assignWatch) Write(p []byte) (int, error) {
	if m := subscribedRe.FindSubmatch(p); m != nil {
		a.mu.Lock()
		a.assignments = append(a.assignments, assignment{At: iso(time.Now()), Partitions: strings.TrimSpace(string(m[1]))})
		a.mu.Unlock()
	}
	return a.out.Write(p)
}

func consumer(stop chan os.Signal) {
	watch := &assignWatch{out: os.Stdout}
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:           strings.Split(*bootstrap, ","),
		GroupID:           *group,
		Topic:             *topic,
		Partition:         0,
		Dialer:            dialer(),
		MinBytes:          1,
		MaxBytes:          10e6,
		MaxWait:           500 * time.Millisecond,
		HeartbeatInterval: 3 * time.Second,
		SessionTimeout:    10 * time.Second,
		Logger:            log.New(watch, "", log.LstdFlags),
		ErrorLogger:       log.New(os.Stderr, "", log.LstdFlags),
	})
	var mu sync.Mutex
	var got []consumed
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			m, err := r.ReadMessage(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				log.Printf("error reading message: %v", err)
				time.Sleep(500 * time.Millisecond)
				continue
			}
			mu.Lock()
			got = append(got, consumed{Value: string(m.Value), Offset: m.Offset, At: iso(time.Now())})
			mu.Unlock()
		}
	}()
	if *group != "" {
		log.Printf("Consuming %s in group %s", *topic, *group)
	} else {
		parts := fmt.Sprintf("[%s-0]", *topic)
		watch.mu.Lock()
		watch.assignments = append(watch.assignments, assignment{At: iso(time.Now()), Partitions: parts})
		watch.mu.Unlock()
		log.Printf("Partitions assigned (manual assignment, no group): %s", parts)
	}
	bound := time.After(time.Duration(*duration * float64(time.Second)))
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
loop:
	for {
		select {
		case <-tick.C:
			mu.Lock()
			n := len(got)
			mu.Unlock()
			log.Printf("Consumed %d messages so far", n)
		case <-stop:
			break loop
		case <-bound:
			break loop
		}
	}
	cancel()
	mu.Lock()
	log.Printf("Consumed %d messages, closing", len(got))
	watch.mu.Lock()
	writeJSON(map[string]interface{}{
		"library": "kafka-go", "version": libVersion,
		"config": map[string]interface{}{"client_id": *clientID, "group_id": *group, "session_timeout": "10s",
			"heartbeat_interval": "3s", "mode": map[bool]string{true: "consumer group, synchronous commits (CommitInterval 0), ReadMessage",
				false: "partition 0 from the first offset, no consumer group, ReadMessage"}[*group != ""]},
		"assignments": watch.assignments, "consumed": got,
	})
	watch.mu.Unlock()
	mu.Unlock()
	closed := make(chan struct{})
	go func() { r.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		log.Printf("Reader did not close within 5s")
	}
}

func main() {
	if len(os.Args) < 2 {
		log.Fatal("usage: kafka-go-app producer|consumer [flags]")
	}
	role := os.Args[1]
	flag.CommandLine.Parse(os.Args[2:])
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	switch role {
	case "producer":
		producer(stop)
	case "consumer":
		consumer(stop)
	default:
		log.Fatal("usage: kafka-go-app producer|consumer [flags]")
	}
}
