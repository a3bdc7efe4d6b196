import { Alert, Autocomplete, Button, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { fieldError } from '../../api/errors';

interface Lead {
  id: number;
  companyName: string;
  stage: string | null;
  tag: string | null;
}

/** "Move…": a lead's stage and tag (`CRM/Lead/UpdateLead`), picked from those in use or typed anew. */
export function EditLeadButton({ lead, stages, tags }: { lead: Lead; stages: string[]; tags: string[] }) {
  const [opened, { open, close }] = useDisclosure();
  const [stage, setStage] = useState(lead.stage ?? '');
  const [tag, setTag] = useState(lead.tag ?? '');
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => unwrap(api.PUT('/api/services/CRM/Lead/UpdateLead', { body: { id: lead.id, stage: stage.trim() || null, tag: tag.trim() || null } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['leads'] });
      close();
    },
  });
  const start = () => {
    setStage(lead.stage ?? '');
    setTag(lead.tag ?? '');
    save.reset();
    open();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <>
      <Button size="xs" variant="default" onClick={start} aria-label={`Move ${lead.companyName}`}>
        Move…
      </Button>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={close} title={`Move ${lead.companyName}`}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">Pick a stage or tag in use, or type a new one. Leave a field empty to clear it.</Text>
            {save.error && !fieldError(save.error, 'stage') && !fieldError(save.error, 'tag') && (
              <Alert color="red" role="alert">
                {save.error.message}
              </Alert>
            )}
            <Autocomplete label="Stage" data={stages} value={stage} onChange={setStage} error={fieldError(save.error, 'stage')} />
            <Autocomplete label="Tag" data={tags} value={tag} onChange={setTag} error={fieldError(save.error, 'tag')} />
            <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
              Save
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
